// The worker's exam: paged questions, auto-save through an outbox kept in localStorage and shared by the exam's
// tabs (sent in pick order, one request at a time, a newer pick of a question replacing its unsent older one), a
// countdown synced from the server, heartbeat, and the session's status pushed on /ws/sessions/{id} (polled while
// the socket is down). A service worker opens the page again while the server is out of reach, showing the exam as
// this tab last saw it.
import {
  api, ApiError, backoff, confirmDialog, describeError, el, formatDuration, NetworkError, requireLogin, sleep,
  spokenDuration, toLogin,
} from '/assets/common.js';

const sessionId = decodeURIComponent(location.pathname.split('/')[2]);
const base = `/api/sessions/${encodeURIComponent(sessionId)}`;
const KEY_OUTBOX = `examengine.outbox.${sessionId}`;
const KEY_SEQ = `examengine.seq.${sessionId}`;
const KEY_PAGE = `examengine.page.${sessionId}`;
// In sessionStorage: this tab's own, gone when it closes.
const KEY_SHEET = `examengine.sheet.${sessionId}`;
const OFFLINE_CACHE = 'examengine-exam-page';
const OFFLINE_FILES = ['/assets/app.css', '/assets/common.js', '/assets/exam.js', '/assets/icon.svg'];
const HEARTBEAT_MS = 30000;
const STATUS_POLL_MS = 10000;
const PING_MS = 25000;
const ANNOUNCE_AT = [1800, 900, 600, 300, 120, 60, 30];
const OPENING_SPREAD_MS = 5000;

const $ = (id) => document.getElementById(id);
const saveState = $('save-state');
const timerNode = $('timer');

let sheet = null;
let page = 0;
let pageCount = 1;
const answers = new Map();
let outbox = readJson(KEY_OUTBOX, []);
// Every pick this tab has queued or taken in from another tab of the same exam. Two tabs can count the same clientSeq
// (each reads the shared count, then writes it), so a pick is known by its clientSeq, question and option together.
const pickKey = (e) => `${e.clientSeq}|${e.questionId}|${e.optionId}`;
const known = new Set(outbox.map(pickKey));
// Set once this attempt's queue is dropped (the session is over): nothing is taken in from other tabs after that.
let dropped = false;
// Whether a write of the queue waits for the storage lock; one write then covers every change made meanwhile.
let writeQueued = false;
let seq = Number(localStorage.getItem(KEY_SEQ) || 0);
let inFlight = null;
let pumping = false;
let pumpRetry = null;
let pumpFailures = 0;
let online = true;
let closed = false;
// False while the page shows the copy kept for a reload offline, until the server has answered its start: nothing is
// sent meanwhile, so that the start comes first and tells whether the copy's attempt is still the session's.
let started = false;
// Set from the worker's confirmed Submit until it is answered: the countdown reaching zero meanwhile leaves the
// closing to it (the worker chose before the deadline; the server accepts it until deadline + grace).
let submitting = false;
let current = { status: null, version: -1, extraTimeSeconds: null };
const timer = { remaining: null, at: 0, lastAnnounced: null, expiring: false, failures: 0, ticking: null };
const push = { ws: null, failures: 0, retryTimer: null, pollTimer: null, pingTimer: null };

// ---- storage ---------------------------------------------------------------------------------------------

function readJson(key, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key));
    return value === null ? fallback : value;
  } catch (e) {
    return fallback;
  }
}

/**
 * Runs {@code update}, which reads, merges and writes the queue stored for every tab of this exam, holding a Web
 * Lock that every tab of the exam takes for it: two tabs writing at once would otherwise both start from the same
 * stored queue, and the later write would lose the earlier one's pick. Where the browser offers no Web Locks (an
 * older browser, or a page not served over HTTPS or from localhost), it runs at once.
 */
function withStoredQueue(update) {
  if (navigator.locks) {
    navigator.locks.request(KEY_OUTBOX, () => update());
  } else {
    update();
  }
}

/**
 * Writes the queue to the storage that every tab of this exam shares, after taking in what other tabs queued
 * meanwhile: a tab never drops another's pick, so a pick queued offline survives the tab it was made in.
 */
function saveOutbox() {
  if (writeQueued) {
    return;
  }
  writeQueued = true;
  withStoredQueue(() => {
    writeQueued = false;
    if (adoptQueued()) {
      renderQueue();
    }
    writeQueue(outbox.concat(laterAttempts()));
  });
}

/** Empties this attempt's queue: the session is over, for every tab on this attempt. */
function dropOutbox() {
  dropped = true;
  outbox = [];
  withStoredQueue(() => {
    readJson(KEY_OUTBOX, []).forEach((e) => known.add(pickKey(e)));
    writeQueue(laterAttempts());
  });
}

/**
 * The stored picks of a later attempt than this tab's: another tab's, after a reset this one has not seen yet.
 * They are not this tab's to send or to drop.
 */
function laterAttempts() {
  return sheet ? readJson(KEY_OUTBOX, []).filter((e) => e.attempt > sheet.attempt) : [];
}

function writeQueue(entries) {
  if (entries.length) {
    localStorage.setItem(KEY_OUTBOX, JSON.stringify(entries));
  } else {
    localStorage.removeItem(KEY_OUTBOX);
  }
}

// ---- opening offline -------------------------------------------------------------------------------------

/**
 * Keeps this page and its files in the cache, for the service worker to answer a reload with while the server
 * cannot be reached; of other exams' pages, the two kept last stay (another tab may be on one). Marks the document
 * once done.
 */
function keepPageForOffline() {
  if (!('serviceWorker' in navigator) || !window.caches) {
    return;
  }
  navigator.serviceWorker.register('/exam-offline.js', { scope: '/exam/' })
    .then(() => caches.open(OFFLINE_CACHE))
    .then(async (cache) => {
      const others = (await cache.keys()).filter((request) => {
        const path = new URL(request.url).pathname;
        return path.startsWith('/exam/') && path !== location.pathname;
      });
      for (const request of others.slice(0, Math.max(0, others.length - 2))) {
        await cache.delete(request);
      }
      await cache.addAll([location.pathname, ...OFFLINE_FILES]);
      await navigator.serviceWorker.ready;
      document.documentElement.dataset.offlineReady = 'true';
    })
    .catch(() => {
      // No copy: a reload while the server is out of reach shows the browser's own error, as without it.
    });
}

/** The page cannot open after all: the kept copy's countdown and sending stop under the error screen. */
function stopKeptSheet() {
  closed = true;
  clearInterval(timer.ticking);
  clearTimeout(pumpRetry);
  stopLive();
}

/** Keeps the exam as this tab sees it (questions, picks, status, time left), for a reload while offline. */
function rememberSheet() {
  if (!sheet || closed) {
    return;
  }
  try {
    sessionStorage.setItem(KEY_SHEET, JSON.stringify({
      sheet: { ...sheet, answers: [] }, answers: [...answers.entries()], status: current.status,
      remaining: remainingNow(), at: Date.now(),
    }));
  } catch (e) {
    // Storage full or refused: a reload then waits for the server.
  }
}

function forgetSheet() {
  try {
    sessionStorage.removeItem(KEY_SHEET);
  } catch (e) {
    // Nothing kept.
  }
}

function keptSheet() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY_SHEET));
    return kept && kept.status === 'InProgress' && kept.sheet ? kept : null;
  } catch (e) {
    return null;
  }
}

/**
 * The server could not be reached while the page opened: shows the exam as this tab last saw it, with the picks
 * queued on this device, and the countdown going on from where it was. Picks made now queue as any made offline;
 * once the server answers, the page takes what it says instead.
 */
function showKeptSheet(kept) {
  if (sheet) {
    return;
  }
  try {
    showKept(kept);
  } catch (e) {
    // A copy this page cannot read: forgotten, and the page waits for the server instead.
    forgetSheet();
  }
}

function showKept(kept) {
  restore({ ...kept.sheet, answers: kept.answers.map(([questionId, optionId]) => ({ questionId, optionId,
    clientSeq: 0 })) });
  current = { status: 'InProgress', version: -1, extraTimeSeconds: null };
  render(false);
  const elapsed = Math.max(0, (Date.now() - kept.at) / 1000);
  syncTimer(kept.remaining === null ? null : Math.max(0, kept.remaining - elapsed));
  startCountdown();
  showExam();
  setOnline(false);
  notice('The server cannot be reached. Your answers are kept on this device and sent once it is back.', 'offline');
  renderSaveState();
}

/**
 * Takes into this tab's queue the picks that other tabs of this exam queued and this one has not seen (clientSeq,
 * counted across tabs, tells them apart), newest pick of a question winning; true when there were any. A pick sent
 * by both tabs is harmless: the server answers the second with what it holds.
 */
function adoptQueued() {
  if (!sheet || dropped) {
    return false;
  }
  const others = readJson(KEY_OUTBOX, [])
    .filter((e) => !known.has(pickKey(e)) && e.attempt === sheet.attempt);
  if (!others.length) {
    return false;
  }
  for (const e of others) {
    known.add(pickKey(e));
    seq = Math.max(seq, e.clientSeq);
    if (outbox.some((q) => q.questionId === e.questionId && q.clientSeq > e.clientSeq)) {
      continue;
    }
    outbox = outbox.filter((q) => q === inFlight || q.questionId !== e.questionId);
    outbox.push(e);
    showPick(e.questionId, e.optionId);
  }
  outbox.sort((a, b) => a.clientSeq - b.clientSeq);
  return true;
}

function nextSeq() {
  // Another tab of the same exam may have counted further: a pick here must still be the newest.
  noteSeq(0);
  seq += 1;
  localStorage.setItem(KEY_SEQ, String(seq));
  return seq;
}

/** Counts {@code n} as used; the shared count never goes back, so no two picks of any tab share a clientSeq. */
function noteSeq(n) {
  seq = Math.max(seq, n, Number(localStorage.getItem(KEY_SEQ) || 0));
  localStorage.setItem(KEY_SEQ, String(seq));
}

// ---- indicator and notices -------------------------------------------------------------------------------

function renderSaveState() {
  let state;
  let text;
  const waiting = outbox.length;
  if (closed) {
    state = 'idle';
    text = '';
  } else if (!online) {
    state = 'offline';
    text = waiting
      ? `Offline: ${waiting} answer${waiting === 1 ? '' : 's'} kept on this device, sent when the connection returns`
      : 'Offline: reconnecting…';
  } else if (waiting) {
    state = 'saving';
    text = 'Saving…';
  } else {
    state = 'saved';
    text = 'All answers saved';
  }
  if (saveState.dataset.state !== state || saveState.textContent !== text) {
    saveState.dataset.state = state;
    saveState.textContent = text;
  }
}

function setOnline(value) {
  if (online !== value) {
    online = value;
    renderSaveState();
    if (value) {
      if (noticeState.kind === 'offline') {
        notice('');
      }
      pump();
    }
  }
}

const NOTICE_MS = 15000;
const noticeState = { kind: null, timer: null };

/**
 * Shows a notice above the exam, replacing the last one. {@code kind} 'info' notices go after a while; 'offline'
 * ones when the connection returns; 'progress' ones when their caller clears them.
 */
function notice(text, kind = 'progress') {
  clearTimeout(noticeState.timer);
  noticeState.kind = text ? kind : null;
  $('notice').textContent = text;
  $('notice').hidden = !text;
  if (text && kind === 'info') {
    noticeState.timer = setTimeout(() => notice(''), NOTICE_MS);
  }
}

function problem(text) {
  $('problem').textContent = text;
  $('problem').hidden = !text;
}

function announce(text) {
  $('announcer').textContent = text;
}

// ---- rendering -------------------------------------------------------------------------------------------

function render(focusHeading) {
  const perPage = Math.max(1, sheet.questionsPerPage);
  pageCount = Math.max(1, Math.ceil(sheet.questions.length / perPage));
  page = Math.min(Math.max(0, page), pageCount - 1);
  const first = page * perPage;
  const container = $('questions');
  container.dataset.pageIndex = String(page);
  container.replaceChildren(...sheet.questions.slice(first, first + perPage).map((q, i) => {
    const number = first + i + 1;
    const fieldset = el('fieldset', { class: 'question', 'data-question-id': q.id },
      el('legend', {}, `${number}. ${q.text}`));
    q.options.forEach((o, k) => {
      const id = `opt-${number}-${k}`;
      const input = el('input', { type: 'radio', name: `q-${q.id}`, id, value: o.id });
      input.checked = answers.get(q.id) === o.id;
      input.addEventListener('change', () => pick(q.id, o.id));
      fieldset.append(el('label', { class: 'option', for: id }, input, el('span', {}, o.text)));
    });
    return fieldset;
  }));
  $('page-heading').textContent = `Page ${page + 1} of ${pageCount}`;
  $('prev').disabled = page === 0;
  $('next').hidden = page >= pageCount - 1;
  renderPages();
  renderAnsweredCount();
  if (focusHeading) {
    $('page-heading').focus();
    window.scrollTo(0, 0);
  }
}

function renderPages() {
  const perPage = Math.max(1, sheet.questionsPerPage);
  const list = $('pages');
  // Rebuilt on every pick, also one taken in from another tab: a keyboard user on a page button stays on it.
  const focusedPage = list.contains(document.activeElement) ? document.activeElement.dataset.page : null;
  list.replaceChildren();
  for (let p = 0; p < pageCount; p++) {
    const ids = sheet.questions.slice(p * perPage, (p + 1) * perPage).map((q) => q.id);
    const done = ids.every((id) => answers.get(id));
    const button = el('button', {
      type: 'button', class: 'btn' + (done ? ' answered' : ''), 'data-page': String(p),
      'aria-label': `Page ${p + 1}${done ? ', all answered' : ''}`,
      'aria-current': p === page ? 'page' : null,
    }, String(p + 1));
    button.addEventListener('click', () => goTo(p));
    list.append(el('li', {}, button));
    if (focusedPage === String(p)) {
      button.focus();
    }
  }
}

function renderAnsweredCount() {
  const answered = sheet.questions.filter((q) => answers.get(q.id)).length;
  $('answered-count').textContent = `${answered} of ${sheet.questions.length} answered`;
}

function showScreen(kind, title, text, resultLink) {
  // A question asked about the exam (submit?) no longer applies, nor does a notice about it.
  const dialog = $('confirm-dialog');
  if (dialog.open) {
    dialog.close();
  }
  notice('');
  problem('');
  $('exam').hidden = true;
  $('loading').hidden = true;
  const screen = $('screen');
  screen.dataset.screen = kind;
  $('screen-title').textContent = title;
  $('screen-text').textContent = text;
  const link = $('screen-link');
  link.hidden = !resultLink;
  link.href = `/result/${encodeURIComponent(sessionId)}`;
  const wasHidden = screen.hidden;
  screen.hidden = false;
  if (wasHidden) {
    $('screen-title').focus();
  }
}

function showExam() {
  if (!$('exam').hidden) {
    return;
  }
  const fromScreen = !$('screen').hidden;
  $('screen').hidden = true;
  $('loading').hidden = true;
  $('exam').hidden = false;
  if (fromScreen) {
    // The focused screen heading is gone: focus goes to the page's own heading, not to the document.
    $('page-heading').focus();
  }
}

// ---- answers ---------------------------------------------------------------------------------------------

function pick(questionId, optionId) {
  if (closed || current.status !== 'InProgress') {
    return;
  }
  answers.set(questionId, optionId);
  // Newest wins: an unsent older pick of this question is dropped (one already on the wire stays).
  outbox = outbox.filter((e) => e === inFlight || e.questionId !== questionId);
  const item = { questionId, optionId, pageIndex: page, clientSeq: nextSeq(), attempt: sheet.attempt };
  outbox.push(item);
  known.add(pickKey(item));
  saveOutbox();
  localStorage.setItem(KEY_PAGE, JSON.stringify({ attempt: sheet.attempt, page }));
  rememberSheet();
  renderSaveState();
  renderPages();
  renderAnsweredCount();
  pump();
}

/** Shows picks taken in from another tab, and sends them. */
function renderQueue() {
  renderSaveState();
  renderPages();
  renderAnsweredCount();
  pump();
}

/** Sends the outbox in order, one request at a time, until it is empty or the connection fails. */
async function pump() {
  if (pumping || closed || !sheet || !started) {
    return;
  }
  pumping = true;
  clearTimeout(pumpRetry);
  try {
    while (outbox.length && !closed && current.status === 'InProgress') {
      const item = outbox[0];
      if (item.attempt !== sheet.attempt) {
        outbox.shift();
        saveOutbox();
        continue;
      }
      inFlight = item;
      try {
        const reply = await api('POST', `${base}/answers`, {
          questionId: item.questionId, optionId: item.optionId, pageIndex: item.pageIndex, clientSeq: item.clientSeq,
          attempt: item.attempt,
        });
        pumpFailures = 0;
        setOnline(true);
        remove(item);
        saved(reply.body);
      } catch (e) {
        if (!(await saveFailed(item, e))) {
          break;
        }
      } finally {
        inFlight = null;
      }
    }
  } finally {
    pumping = false;
    renderSaveState();
  }
}

function remove(item) {
  const index = outbox.indexOf(item);
  if (index >= 0) {
    outbox.splice(index, 1);
    saveOutbox();
  }
}

/** The server's answer to a save; a stale one (applied false) shows what the server holds unless newer is queued. */
function saved(answer) {
  noteSeq(answer.clientSeq);
  if (!answer.applied && !outbox.some((e) => e.questionId === answer.questionId)) {
    showPick(answer.questionId, answer.optionId);
  }
  syncTimer(answer.remainingSeconds);
}

/** Shows {@code optionId} (none when null) as the pick of a question, on the page if it is shown. */
function showPick(questionId, optionId) {
  if (optionId) {
    answers.set(questionId, optionId);
  } else {
    answers.delete(questionId);
  }
  for (const input of document.querySelectorAll(`input[name="q-${CSS.escape(questionId)}"]`)) {
    input.checked = input.value === optionId;
  }
}

/** Handles a failed save; true to carry on with the next item, false to stop the pump. */
async function saveFailed(item, e) {
  if (e instanceof NetworkError || e.status === 429 || e.status >= 500 || e.code === 'CONCURRENT_UPDATE') {
    if (e instanceof NetworkError) {
      setOnline(false);
    }
    pumpRetry = setTimeout(pump, backoff(pumpFailures++, 1000, 15000));
    return false;
  }
  if (e.status === 401 || (e.status === 403 && e.code === 'CSRF_TOKEN_INVALID')) {
    toLogin();
    return false;
  }
  if (e.code === 'ATTEMPT_ENDED') {
    attemptEnded();
    return false;
  }
  if (e.status === 409) {
    // Paused, closed or out of time: the status tells which screen to show. If the session is (again) in
    // progress by then, the queue is tried again; if it closed, the pump does not run.
    await checkStatus();
    pumpRetry = setTimeout(pump, backoff(pumpFailures++, 1000, 15000));
    return false;
  }
  if (NEVER_SAVED.has(e.code)) {
    // The server will never take this one (e.g. an option not of the question): drop it, keep the rest.
    remove(item);
    problem(`An answer could not be saved: ${describeError(e)}`);
    return true;
  }
  // Anything else (another login in this browser, a proxy's error page) may pass later: keep the pick, retry.
  problem(`Answers are kept on this device and sent again: ${describeError(e)}`);
  pumpRetry = setTimeout(pump, backoff(pumpFailures++, 1000, 15000));
  return false;
}

/** Codes for a save that can never succeed as sent; only these drop a queued pick. */
const NEVER_SAVED = new Set(['INVALID_INPUT', 'OPTION_NOT_IN_QUESTION', 'QUESTION_NOT_IN_PACKAGE',
  'PAGE_OUT_OF_RANGE']);

/** Resolves true once every queued answer is saved; false when offline or after {@code ms}. */
async function waitForSaves(ms) {
  const until = Date.now() + ms;
  pump();
  while (outbox.length) {
    if (!online || Date.now() > until || closed) {
      return false;
    }
    await sleep(50);
  }
  return true;
}

// ---- navigation and submit -------------------------------------------------------------------------------

async function goTo(target) {
  if (target === page || target < 0 || target >= pageCount) {
    return;
  }
  // Answers carry their page index; let the pending ones land first so the server's last page follows the
  // worker. Offline, the outbox keeps them and navigation does not wait.
  setNavigationBusy(true);
  await waitForSaves(3000);
  setNavigationBusy(false);
  page = target;
  localStorage.setItem(KEY_PAGE, JSON.stringify({ attempt: sheet.attempt, page }));
  render(true);
}

function setNavigationBusy(busy) {
  for (const b of document.querySelectorAll('.pager button, #submit')) {
    if (busy) {
      b.dataset.wasDisabled = b.disabled ? '1' : '';
      b.disabled = true;
    } else {
      b.disabled = b.dataset.wasDisabled === '1';
    }
  }
  if (!busy) {
    $('prev').disabled = page === 0;
  }
}

async function submit() {
  const unanswered = sheet.questions.filter((q) => !answers.get(q.id)).length;
  const sure = await confirmDialog({
    title: 'Submit your exam?',
    message: unanswered
      ? `${unanswered} question${unanswered === 1 ? ' is' : 's are'} still unanswered. After submitting you cannot change your answers.`
      : 'All questions are answered. After submitting you cannot change your answers.',
    confirmLabel: 'Submit',
  });
  if (!sure || closed || current.status !== 'InProgress') {
    // Cancelled, or the exam was paused or closed while the question was open (the dialog then closed itself).
    return;
  }
  if (!started) {
    notice('You are offline. Your answers are kept on this device; submit again when the connection is back.',
      'offline');
    return;
  }
  setNavigationBusy(true);
  submitting = true;
  notice('Saving your last answers…');
  const allSaved = await waitForSaves(10000);
  if (!allSaved && !online) {
    submitting = false;
    setNavigationBusy(false);
    notice('You are offline. Your answers are kept on this device; submit again when the connection is back.',
      'offline');
    return;
  }
  try {
    await finish();
  } catch (e) {
    submitting = false;
    setNavigationBusy(false);
    notice('');
    if (e instanceof NetworkError) {
      setOnline(false);
      problem('The exam could not be submitted: the server cannot be reached. Try again in a moment.');
    } else if (e.code === 'ATTEMPT_ENDED') {
      attemptEnded();
    } else if (e.status === 409) {
      await checkStatus();
    } else {
      problem('The exam could not be submitted: ' + describeError(e));
    }
  }
}

/**
 * The supervisor reset the session while this page showed an earlier attempt (it was offline, or left open): the
 * server refuses this attempt's picks, so they are dropped, and the page stops rather than start the new attempt
 * on its own; reloading it begins the new one.
 */
function attemptEnded() {
  dropOutbox();
  forgetSheet();
  localStorage.removeItem(KEY_PAGE);
  closed = true;
  stopLive();
  showScreen('ended', 'This attempt has ended',
    'Your supervisor has given you a new attempt of this exam. Answers not yet sent from this page belonged to '
    + 'the attempt that ended and were not kept. Reload the page to begin the new attempt.', false);
}

/**
 * Submits, sending whatever is still queued as final answers (the server applies them by clientSeq). With
 * {@code timeUp} it is the countdown, not the worker, that ends the exam: the server closes the session as its
 * expiry policy says, which may abandon it rather than grade it.
 */
async function finish(timeUp = false) {
  adoptQueued();
  const finalAnswers = outbox.filter((e) => e.attempt === sheet.attempt)
    .map((e) => ({ questionId: e.questionId, optionId: e.optionId, clientSeq: e.clientSeq }));
  const result = (await api('POST', `${base}/submit`, { finalAnswers, attempt: sheet.attempt, timeUp })).body;
  dropOutbox();
  forgetSheet();
  localStorage.removeItem(KEY_PAGE);
  closed = true;
  stopLive();
  if (result && result.status === 'Abandoned') {
    renderSaveState();
    showScreen('closed', 'Time is up', 'This exam closes without a result when the time runs out. Contact your '
      + 'supervisor if you think this is a mistake.', false);
    return;
  }
  location.assign(`/result/${encodeURIComponent(sessionId)}`);
}

// ---- time ------------------------------------------------------------------------------------------------

function syncTimer(remainingSeconds) {
  if (remainingSeconds === null || remainingSeconds === undefined) {
    return;
  }
  timer.remaining = remainingSeconds;
  timer.at = performance.now();
  renderTimer();
  rememberSheet();
}

function remainingNow() {
  if (timer.remaining === null) {
    return null;
  }
  if (current.status !== 'InProgress') {
    return timer.remaining;
  }
  return Math.max(0, timer.remaining - (performance.now() - timer.at) / 1000);
}

/** Redraws the countdown twice a second from now on (once, however often it is called). */
function startCountdown() {
  if (!timer.ticking) {
    timer.ticking = setInterval(renderTimer, 500);
  }
}

function renderTimer() {
  const left = remainingNow();
  const shown = left === null || closed ? '—' : formatDuration(Math.ceil(left));
  if (timerNode.textContent !== shown) {
    timerNode.textContent = shown;
  }
  timerNode.classList.toggle('low', left !== null && left < 300);
  if (left === null || closed || current.status !== 'InProgress') {
    return;
  }
  const mark = ANNOUNCE_AT.find((t) => left <= t && left > t - 2);
  if (mark !== undefined && timer.lastAnnounced !== mark) {
    timer.lastAnnounced = mark;
    announce(`${spokenDuration(mark)} left.`);
  }
  if (left <= 0 && !timer.expiring) {
    timeUp();
  }
}

/** The countdown reached zero: confirm with the server (time may have been added), then submit what is held. */
async function timeUp() {
  if (submitting || !started) {
    // (A kept copy's countdown at zero: the server's answer to the start decides, and the timer comes back here.)
    return;
  }
  timer.expiring = true;
  let settled = false;
  try {
    const status = await checkStatus();
    if (status && (status.status !== 'InProgress' || status.remainingSeconds > 0)) {
      settled = true;
      return;
    }
    showScreen('timeup', 'Time is up', 'Sending your last answers…', false);
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        await finish(true);
        settled = true;
        return;
      } catch (e) {
        if (e.code === 'ATTEMPT_ENDED') {
          attemptEnded();
          return;
        }
        if (!(e instanceof NetworkError)) {
          await checkStatus();
          return;
        }
        await sleep(backoff(attempt, 1000, 10000));
      }
    }
    showScreen('timeup', 'Time is up', 'Your last answers could not be sent; the server keeps the answers it saved '
      + 'before.', false);
  } finally {
    if (settled || closed) {
      timer.failures = 0;
    } else {
      // A server that cannot answer now is asked again with backoff, not at every tick of the countdown.
      await sleep(backoff(timer.failures++, 1000, 15000));
    }
    timer.expiring = false;
  }
}

// ---- status, heartbeat and push --------------------------------------------------------------------------

function applyStatus(view) {
  if (!view || view.version < current.version) {
    return;
  }
  const before = current;
  current = { status: view.status, version: view.version, extraTimeSeconds: view.extraTimeSeconds };
  if (before.extraTimeSeconds !== null && view.extraTimeSeconds > before.extraTimeSeconds) {
    const added = view.extraTimeSeconds - before.extraTimeSeconds;
    notice(`Your supervisor added ${spokenDuration(added)} to your time.`, 'info');
    announce(`${spokenDuration(added)} added to your time.`);
  }
  syncTimer(view.remainingSeconds);
  switch (view.status) {
    case 'InProgress':
      if (before.status === 'Paused') {
        notice('Your exam was resumed. The time is running again.', 'info');
      }
      showExam();
      pump();
      break;
    case 'Paused':
      showScreen('paused', 'Your exam is paused',
        'Your supervisor paused this exam. The time is stopped; the exam continues here when it is resumed.', false);
      break;
    case 'Completed': {
      const lost = unsavedNote(close());
      if (view.closedBy === 'HC') {
        showScreen('closed', 'Your exam was closed by the supervisor',
          'The answers you saved were submitted and graded.' + lost, true);
      } else if (view.closedBy === 'TIMEOUT') {
        showScreen('closed', 'Time is up', 'Your saved answers were submitted and graded.' + lost, true);
      } else {
        showScreen('closed', 'Your exam was submitted', 'You cannot change your answers any more.' + lost, true);
      }
      break;
    }
    case 'Abandoned': {
      const lost = unsavedNote(close());
      showScreen('closed', 'This exam session is closed',
        'Contact your supervisor if you think this is a mistake.' + lost, false);
      break;
    }
    default:
      break;
  }
  renderTimer();
}

/** The session is over: stop sending; queued answers can no longer be saved. Returns how many were dropped. */
function close() {
  const unsaved = closed ? 0 : outbox.length;
  closed = true;
  dropOutbox();
  forgetSheet();
  localStorage.removeItem(KEY_PAGE);
  stopLive();
  renderSaveState();
  return unsaved;
}

/** A sentence telling how many picks made on this device were dropped unsaved, or nothing. */
function unsavedNote(count) {
  if (!count) {
    return '';
  }
  return count === 1 ? ' One answer picked on this device could not be saved before the exam closed.'
    : ` ${count} answers picked on this device could not be saved before the exam closed.`;
}

async function checkStatus() {
  try {
    const view = (await api('GET', `${base}/status`)).body;
    setOnline(true);
    applyStatus(view);
    return view;
  } catch (e) {
    if (e instanceof NetworkError) {
      setOnline(false);
    } else if (e.status === 401) {
      toLogin();
    }
    return null;
  }
}

async function heartbeat() {
  if (closed) {
    return;
  }
  try {
    const view = (await api('POST', `${base}/heartbeat`)).body;
    setOnline(true);
    applyStatus(view);
  } catch (e) {
    if (e instanceof NetworkError) {
      setOnline(false);
    } else if (e.status === 401 || (e.status === 403 && e.code === 'CSRF_TOKEN_INVALID')) {
      toLogin();
    }
  }
}

function connectPush() {
  clearTimeout(push.retryTimer);
  if (closed || push.ws) {
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  let ws;
  try {
    ws = new WebSocket(`${scheme}://${location.host}/ws/sessions/${encodeURIComponent(sessionId)}`);
  } catch (e) {
    retryPush();
    return;
  }
  push.ws = ws;
  ws.onopen = () => {
    push.failures = 0;
    clearTimeout(push.pollTimer);
    push.pollTimer = null;
    setOnline(true);
    clearInterval(push.pingTimer);
    push.pingTimer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('ping'), PING_MS);
  };
  ws.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (message.type === 'sessionStatus') {
      applyStatus(message.session);
    }
  };
  ws.onclose = () => {
    if (push.ws !== ws) {
      return;
    }
    push.ws = null;
    clearInterval(push.pingTimer);
    retryPush();
  };
}

/** Reconnects with backoff and jitter; meanwhile the status endpoint is polled so HC actions still arrive. */
function retryPush() {
  if (closed) {
    return;
  }
  push.retryTimer = setTimeout(connectPush, backoff(push.failures++));
  if (!push.pollTimer) {
    const poll = async () => {
      if (closed || push.ws?.readyState === WebSocket.OPEN) {
        push.pollTimer = null;
        return;
      }
      await checkStatus();
      push.pollTimer = setTimeout(poll, STATUS_POLL_MS);
    };
    push.pollTimer = setTimeout(poll, STATUS_POLL_MS);
  }
}

function stopLive() {
  clearTimeout(push.retryTimer);
  clearTimeout(push.pollTimer);
  clearInterval(push.pingTimer);
  clearTimeout(pumpRetry);
  if (push.ws) {
    const ws = push.ws;
    push.ws = null;
    ws.onclose = null;
    ws.close(1000);
  }
}

window.addEventListener('online', () => {
  pumpFailures = 0;
  pump();
  if (!push.ws && !closed) {
    push.failures = 0;
    connectPush();
  }
});
window.addEventListener('offline', () => setOnline(false));
// Another tab of this exam queued a pick: this tab sends it too, in case that tab is closed before it can.
window.addEventListener('storage', (event) => {
  if (event.key === KEY_OUTBOX && sheet && !closed && adoptQueued()) {
    renderQueue();
  }
});

// ---- start -----------------------------------------------------------------------------------------------

/**
 * StartExam, which is also the resume call; 429 (the start rush) and 503 (the database out of reach for a moment)
 * are retried after Retry-After plus jitter.
 */
async function startExam() {
  for (let attempt = 0; ; attempt++) {
    try {
      const reply = await api('POST', `${base}/start`);
      notice('');
      setOnline(true);
      return reply.body;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 429 || e.status === 503)) {
        const after = Number(e.headers && e.headers.get('Retry-After')) || 1;
        const wait = after * 1000 + Math.random() * 1000 * Math.min(5, attempt + 1);
        notice(e.status === 429
          ? `Many people are starting at the same time. Trying again in ${Math.ceil(wait / 1000)} s…`
          : `The server is busy for a moment. Trying again in ${Math.ceil(wait / 1000)} s…`);
        await sleep(wait);
      } else if (e instanceof NetworkError) {
        setOnline(false);
        notice('The server cannot be reached. Trying again…');
        await sleep(backoff(attempt, 1000, 15000));
      } else {
        throw e;
      }
    }
  }
}

function restore(s) {
  sheet = s;
  answers.clear();
  for (const a of s.answers) {
    if (a.optionId) {
      answers.set(a.questionId, a.optionId);
    }
    seq = Math.max(seq, a.clientSeq);
  }
  // Picks made here that the server has not seen yet (offline, or a reload before they were sent).
  outbox = outbox.filter((e) => e.attempt === s.attempt);
  for (const e of outbox) {
    if (e.optionId) {
      answers.set(e.questionId, e.optionId);
    } else {
      answers.delete(e.questionId);
    }
    seq = Math.max(seq, e.clientSeq);
  }
  adoptQueued();
  saveOutbox();
  noteSeq(0);
  const local = readJson(KEY_PAGE, null);
  page = local && local.attempt === s.attempt ? local.page : s.lastPageIndex;
  $('exam-title').textContent = s.assessmentTitle;
  document.title = `${s.assessmentTitle} · Exam`;
}

/**
 * The exam is not open yet: says when it opens, and returns once it should be, up to {@code OPENING_SPREAD_MS} after
 * at random so that a room of pages opened early does not start in the same instant (the start bucket turns away the
 * rest, and they try again). Waits at most a minute at a time, so that a rescheduled opening or a changed clock is
 * seen.
 *
 * @return false when the session was closed meanwhile, and the page shows that instead
 */
async function waitUntilOpen() {
  const view = await checkStatus();
  if (closed) {
    // Closed before it opened (force close, close early): the status already shows the closed screen.
    return false;
  }
  const opensAt = view && view.opensAt ? Date.parse(view.opensAt) : NaN;
  const serverNow = view && view.serverTime ? Date.parse(view.serverTime) : NaN;
  if (Number.isNaN(opensAt) || Number.isNaN(serverNow)) {
    showScreen('upcoming', 'This exam is not open yet', 'This page starts it by itself once it opens; keep it open.',
      false);
    await sleep(backoff(3, 1000, 30000));
    return true;
  }
  const opening = new Date(opensAt);
  const sameDay = opening.toDateString() === new Date().toDateString();
  const when = sameDay ? opening.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : opening.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  showScreen('upcoming', 'This exam is not open yet',
    `It opens at ${when}. This page starts it by itself then; keep it open.`, false);
  const wait = opensAt - serverNow;
  await sleep(wait > 60000 ? 60000 : Math.max(0, wait) + Math.random() * OPENING_SPREAD_MS);
  return true;
}

async function main() {
  keepPageForOffline();
  const kept = keptSheet();
  await requireLogin(['WORKER'], kept ? () => showKeptSheet(kept) : null);
  if (closed) {
    // A pick made on the kept copy met an ended attempt (or its time-up closed it): that screen stays.
    return;
  }
  let s;
  try {
    for (;;) {
      try {
        s = await startExam();
        break;
      } catch (e) {
        if (e.code !== 'NOT_YET_OPEN') {
          throw e;
        }
        if (!(await waitUntilOpen())) {
          return;
        }
      }
    }
  } catch (e) {
    if (e.status === 401) {
      toLogin();
      return;
    }
    if (e.status === 409) {
      const view = await checkStatus();
      if (view) {
        return;
      }
    }
    const text = e.status === 404 ? 'There is no exam with this link for you.' : describeError(e);
    stopKeptSheet();
    showScreen('error', 'The exam cannot be opened', text, false);
    return;
  }
  if (closed) {
    return;
  }
  // The kept copy shown meanwhile was of an attempt that a reset ended: its picks made here are not kept.
  const shownAttempt = sheet ? sheet.attempt : null;
  const endedPicks = shownAttempt !== null && shownAttempt !== s.attempt
    ? outbox.filter((e) => e.attempt === shownAttempt).length : 0;
  restore(s);
  started = true;
  current = { status: s.status, version: -1, extraTimeSeconds: null };
  render(false);
  syncTimer(s.remainingSeconds);
  if (s.status === 'Paused') {
    applyStatus({ status: 'Paused', version: -1, remainingSeconds: s.remainingSeconds, extraTimeSeconds: null });
  } else {
    showExam();
  }
  renderSaveState();
  pump();
  connectPush();
  setInterval(heartbeat, HEARTBEAT_MS);
  startCountdown();
  if (shownAttempt !== null && shownAttempt !== s.attempt) {
    problem('Your supervisor gave you a new attempt of this exam while this page was away; it starts now.'
      + (endedPicks ? ` ${endedPicks} answer${endedPicks === 1 ? '' : 's'} picked on this device for the earlier `
        + 'attempt could not be kept.' : ''));
  }
}

$('prev').addEventListener('click', () => goTo(page - 1));
$('next').addEventListener('click', () => goTo(page + 1));
$('submit').addEventListener('click', submit);

main().catch((e) => showScreen('error', 'The exam cannot be opened', describeError(e), false));
