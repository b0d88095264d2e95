// HC monitoring: one row per session, updated in place from the push channel (or, failing that, from 10 s
// polling of the ETag endpoint); 1 s countdowns re-synced from remainingSeconds; actions by status.
import {
  api, ApiError, backoff, badge, clockTime, confirmDialog, dateTime, describeError, el, formatDuration,
  NetworkError, requireLogin, setText, statusText, toLogin, wireLogout,
} from '/assets/common.js';

const assessmentId = decodeURIComponent(location.pathname.split('/')[2]);
const POLL_MS = 10000;
// Nothing is pushed while nothing changes: each pong confirms that the view shown is still current, so "Last
// updated" stays within about 10 s while live, and a quiet group can be told from a hung page.
const PING_MS = 10000;
const PONG_TIMEOUT_MS = 10000;
const POLL_AFTER_FAILURES = 2;

const tbody = document.getElementById('session-rows');
const connection = document.getElementById('connection');
const lastUpdated = document.getElementById('last-updated');
const fetchError = document.getElementById('fetch-error');
const closeEarly = document.getElementById('close-early');
const sessionsTable = document.getElementById('sessions');
const actionError = document.getElementById('action-error');
const actionStatus = document.getElementById('action-status');
const actionAlert = document.getElementById('action-alert');
const notice = document.getElementById('notice');
const noticeText = document.getElementById('notice-text');

/** sessionId -> {data, tr, cells, receivedAt, actionsFor} */
const rows = new Map();
// tag: the ETag of the view shown, from the last message or poll applied; null once an action's answer changed a row.
// skewMs: the server's clock minus the browser's, from the asOf of the last message (for "last seen 3 min ago").
const group = { version: null, status: null, title: '', tag: null, resetsAllowed: true, skewMs: 0 };
const link = {
  ws: null, failures: 0, retryTimer: null, pollTimer: null, polling: false, lastPollOk: null,
  pingTimer: null, lastHeard: 0, etag: null, stopped: false,
};

// ---- rendering -------------------------------------------------------------------------------------------

function createRow(data) {
  const cells = {
    name: el('th', { scope: 'row' }),
    progress: el('td', { 'data-label': 'Progress', class: 'num', 'data-col': 'progress' }),
    status: el('td', { 'data-label': 'Status', 'data-col': 'status' }),
    score: el('td', { 'data-label': 'Score', class: 'num', 'data-col': 'score' }),
    result: el('td', { 'data-label': 'Result', 'data-col': 'result' }),
    completedAt: el('td', { 'data-label': 'Completed At', 'data-col': 'completedAt' }),
    remaining: el('td', { 'data-label': 'Time Remaining', class: 'num', 'data-col': 'remaining' }),
    countdown: el('span', { class: 'countdown' }),
    added: el('span', { class: 'time-added' }),
    actions: el('td', { 'data-label': 'Actions', class: 'actions-cell', 'data-col': 'actions' }),
  };
  cells.remaining.append(el('span', { class: 'remaining' }, cells.countdown, cells.added));
  const tr = el('tr', { 'data-session-id': data.sessionId }, cells.name, cells.progress, cells.status, cells.score,
    cells.result, cells.completedAt, cells.remaining, cells.actions);
  return { data, tr, cells, receivedAt: 0, statusKey: null, actionsFor: null, offlineTag: null };
}

/** Applies one row (a full replacement) in place; an older version of the session than shown is ignored. */
function applyRow(data, receivedAt) {
  let row = rows.get(data.sessionId);
  if (!row) {
    row = createRow(data);
    rows.set(data.sessionId, row);
  } else if (data.version < row.data.version) {
    return row;
  }
  row.data = data;
  row.receivedAt = receivedAt;
  if (asking && asking.sessionId === data.sessionId) {
    closeIfChanged(asking, data);
  }
  const c = row.cells;
  setText(c.name, data.name);
  setText(c.progress, `${data.progress}/${data.totalQuestions}`);
  const offline = data.status === 'InProgress' && !data.online;
  const statusKey = data.status + (offline ? ':offline' : '');
  if (row.statusKey !== statusKey) {
    c.status.replaceChildren(badge(data.status));
    row.offlineTag = offline ? el('span', { class: 'offline-tag' }) : null;
    if (offline) {
      c.status.append(' ', row.offlineTag);
    }
    row.statusKey = statusKey;
  }
  renderOffline(row);
  setText(c.score, data.score === null || data.score === undefined ? '—' : `${Math.round(data.score * 10) / 10}%`);
  if (c.result.dataset.value !== String(data.result)) {
    c.result.replaceChildren(data.result ? badge(data.result) : '—');
    c.result.dataset.value = String(data.result);
  }
  setText(c.completedAt, dateTime(data.completedAt));
  setText(c.added, addedText(data));
  if (row.actionsFor !== data.status) {
    renderActions(row);
  }
  renderRemaining(row, performance.now());
  applyFilter(row);
  return row;
}

// ---- filters --------------------------------------------------------------------------------------------------

const filterName = document.getElementById('filter-name');
const filterStatus = document.getElementById('filter-status');
const filterCount = document.getElementById('filter-count');
const filter = { name: '', status: '' };

/** Case and accents do not count: "citra" finds "Citra Wulandari", "jose" finds "José". */
function fold(text) {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();
}

function matches(d) {
  switch (filter.status) {
    case '': break;
    case 'open':
      if (d.status === 'Completed' || d.status === 'Abandoned') return false;
      break;
    case 'offline':
      if (d.status !== 'InProgress' || d.online) return false;
      break;
    default:
      if (d.status !== filter.status) return false;
  }
  return !filter.name || fold(d.name).includes(filter.name);
}

/**
 * Shows or hides one row by the filters; hidden rows are still updated. A row holding the keyboard focus stays
 * shown until the focus leaves it, so an action that changes its status does not take the focus away.
 */
function applyFilter(row) {
  const hide = !matches(row.data) && !row.tr.contains(document.activeElement);
  if (row.tr.hidden !== hide) {
    row.tr.hidden = hide;
  }
}

function renderFilterCount() {
  if (!filter.name && !filter.status) {
    setText(filterCount, '');
    return;
  }
  let shown = 0;
  for (const row of rows.values()) {
    if (!row.tr.hidden) shown++;
  }
  setText(filterCount, shown === 0 ? 'No worker matches the filter.'
    : `Showing ${shown} of ${rows.size} worker${rows.size === 1 ? '' : 's'}`);
}

function refilter() {
  filter.name = fold(filterName.value.trim());
  filter.status = filterStatus.value;
  rows.forEach(applyFilter);
  renderFilterCount();
}

filterName.addEventListener('input', refilter);
filterStatus.addEventListener('change', refilter);

// The table's headings stick below the live line and filters: they need its height.
const bar = document.getElementById('monitor-bar');
new ResizeObserver(() => {
  document.documentElement.style.setProperty('--bar-h', `${bar.offsetHeight}px`);
}).observe(bar);

function renderRemaining(row, now) {
  const d = row.data;
  let text = '—';
  if (d.remainingSeconds !== null && d.remainingSeconds !== undefined) {
    if (d.status === 'InProgress') {
      text = formatDuration(d.remainingSeconds - (now - row.receivedAt) / 1000);
    } else if (d.status === 'Paused') {
      text = formatDuration(d.remainingSeconds) + ' (paused)';
    }
  }
  setText(row.cells.countdown, text);
}

/** "+15 min added · +2 min outage credit": time HC gave this attempt, so that two HCs do not add it twice. */
function addedText(d) {
  const parts = [];
  if (d.extraTimeSeconds > 0) {
    parts.push(`+${minutesText(d.extraTimeSeconds)} added`);
  }
  if (d.creditedSeconds > 0) {
    parts.push(`+${minutesText(d.creditedSeconds)} outage credit`);
  }
  return parts.join(' · ');
}

/** 900 -> "15 min", 5430 -> "1 h 30 min 30 s", 45 -> "45 s". */
function minutesText(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s % 60 || !parts.length) parts.push(`${s % 60} s`);
  return parts.join(' ');
}

/** "offline · last seen 3 min ago", by the server's clock, for an InProgress worker whose page went quiet. */
function renderOffline(row) {
  if (!row.offlineTag) {
    return;
  }
  const seen = row.data.lastSeenAt ? Date.parse(row.data.lastSeenAt) : NaN;
  if (Number.isNaN(seen)) {
    setText(row.offlineTag, 'offline');
    return;
  }
  const ago = Math.max(0, (Date.now() + group.skewMs - seen) / 1000);
  setText(row.offlineTag, `offline · last seen ${agoText(ago)}`);
}

function agoText(seconds) {
  if (seconds < 60) {
    return `${Math.floor(seconds)} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min ago`;
}

function noteServerTime(asOf) {
  const at = asOf ? Date.parse(asOf) : NaN;
  if (!Number.isNaN(at)) {
    group.skewMs = at - Date.now();
  }
}

function button(label, action, row, options = {}) {
  return el('button', {
    type: 'button',
    class: 'btn btn-sm' + (options.danger ? ' btn-danger' : ''),
    'data-action': action,
    'aria-label': `${label}: ${row.data.name}`,
    disabled: options.disabled,
    title: options.title,
    onclick: options.disabled ? null : () => runAction(row.data.sessionId, action),
  }, label);
}

function renderActions(row) {
  const d = row.data;
  const list = [];
  switch (d.status) {
    case 'Upcoming': // not started, in a group not open yet
    case 'NotStarted':
      list.push(button('Reshuffle', 'reshuffle', row), button('Force close', 'force-close', row, { danger: true }));
      break;
    case 'InProgress':
      list.push(button('Reshuffle', 'reshuffle', row, { disabled: true, title: 'Only before the worker starts' }),
        button('Force close', 'force-close', row, { danger: true }),
        button('Extend time', 'extend', row),
        button('Pause', 'pause', row));
      break;
    case 'Paused':
      list.push(button('Resume', 'resume', row), button('Force close', 'force-close', row, { danger: true }));
      break;
    case 'Completed':
      list.push(el('a', {
        class: 'btn btn-success btn-sm', href: `/result/${encodeURIComponent(d.sessionId)}`, target: '_blank',
        rel: 'noopener', 'data-action': 'view-results', 'aria-label': `View results: ${d.name} (opens a new tab)`,
      }, 'View Results'));
      if (group.resetsAllowed) {
        list.push(button('Reset', 'reset', row, { danger: true }));
      }
      break;
    case 'Abandoned':
      if (group.resetsAllowed) {
        list.push(button('Reset', 'reset', row, { danger: true }));
      }
      break;
    default:
      break;
  }
  list.push(button('History', 'history', row));
  // Focus stays in the row: on the same action where it is still offered, else on the first one that is.
  const focused = row.cells.actions.contains(document.activeElement)
    ? document.activeElement.dataset.action || '' : row.refocus;
  row.refocus = null;
  row.cells.actions.replaceChildren(el('div', { class: 'actions' }, ...list));
  row.actionsFor = d.status;
  if (focused !== null && focused !== undefined) {
    const same = focused && row.cells.actions.querySelector(`[data-action="${focused}"]:not([disabled])`);
    const first = row.cells.actions.querySelector('button:not([disabled]), a');
    (same || first || row.cells.name).focus?.();
  }
}

const countNodes = [...document.querySelectorAll('[data-count]')];
const upcomingCount = document.querySelector('[data-count="Upcoming"]').closest('li');

function renderGroup() {
  const counts = {
    total: 0, Upcoming: 0, NotStarted: 0, InProgress: 0, offline: 0, Paused: 0, Completed: 0, Abandoned: 0,
  };
  for (const row of rows.values()) {
    counts.total++;
    counts[row.data.status] = (counts[row.data.status] || 0) + 1;
    if (row.data.status === 'InProgress' && !row.data.online) {
      counts.offline++;
    }
  }
  for (const node of countNodes) {
    setText(node, counts[node.dataset.count] || 0);
  }
  upcomingCount.hidden = counts.Upcoming === 0;
  renderFilterCount();
  followCloseEarly();
  const allCompleted = rows.size > 0 && counts.Completed === rows.size;
  closeEarly.hidden = allCompleted || group.status === 'Closed' || group.status === null;
}

function setHeader(s) {
  group.title = s.title;
  setText(document.getElementById('assessment-title'), s.title);
  document.title = `${s.title} · Monitoring`;
  const meta = document.getElementById('assessment-meta');
  meta.replaceChildren(`${s.category} · ${s.scheduleDate} · `, badge(s.groupStatus));
}

/** A whole view (push snapshot, poll or close-early): rows updated in place, rows no longer there removed. */
function applySnapshot(s, tag) {
  if (group.version !== null && s.version < group.version) {
    return;
  }
  const now = performance.now();
  noteServerTime(s.asOf);
  setHeader(s);
  const seen = new Set();
  s.sessions.forEach((data, index) => {
    const row = applyRow(data, now);
    seen.add(data.sessionId);
    if (tbody.children[index] !== row.tr) {
      tbody.insertBefore(row.tr, tbody.children[index] || null);
    }
  });
  for (const [id, row] of rows) {
    if (!seen.has(id)) {
      row.tr.remove();
      rows.delete(id);
      if (asking && asking.sessionId === id) {
        closeIfChanged(asking, null);
      }
    }
  }
  group.version = s.version;
  group.tag = tag;
  setResetsAllowed(s.resetsAllowed);
  setGroupStatus(s.groupStatus);
  updated();
}

function applyChanges(m) {
  const now = performance.now();
  noteServerTime(m.asOf);
  for (const data of m.sessions) {
    const known = rows.has(data.sessionId);
    const row = applyRow(data, now);
    if (!known) {
      tbody.append(row.tr);
    }
  }
  group.version = m.version;
  group.tag = m.tag;
  setResetsAllowed(m.resetsAllowed);
  setGroupStatus(m.groupStatus);
  updated();
}

/** Whether Reset is offered; when that changes, every row's actions follow. */
function setResetsAllowed(allowed) {
  const value = allowed !== false;
  if (group.resetsAllowed !== value) {
    group.resetsAllowed = value;
    rows.forEach((row) => renderActions(row));
  }
}

function setGroupStatus(status) {
  if (group.status !== status) {
    group.status = status;
    const meta = document.getElementById('assessment-meta');
    const old = meta.querySelector('.badge');
    if (old) {
      old.replaceWith(badge(status));
    }
  }
  renderGroup();
  if (finished()) {
    stopUpdates();
  } else {
    resumeUpdates();
  }
  refreshState();
}

/**
 * Whether nothing can change any more: the group is Closed and no Reset can reopen it. A group Closed because every
 * session ended, while resets are still allowed, can be reopened by any HC's Reset, so it is still watched.
 */
function finished() {
  return group.status === 'Closed' && !group.resetsAllowed;
}

function updated() {
  setText(lastUpdated, clockTime());
  fetchError.hidden = true;
}

// ---- connection ------------------------------------------------------------------------------------------

const STATE_TEXT = {
  connecting: 'Connecting…', connected: 'Live', reconnecting: 'Reconnecting…', polling: 'Polling every 10 s',
  offline: 'Offline', stopped: 'Updates stopped: the assessment is closed',
};
/** While every session has ended but a Reset can still reopen the group, the page keeps listening and says so. */
const CLOSED_SUFFIX = ' · every session has ended; a Reset can still reopen the group';

function refreshState() {
  let state;
  if (link.stopped) {
    state = 'stopped';
  } else if (link.ws && link.ws.readyState === WebSocket.OPEN) {
    state = 'connected';
  } else if (link.polling && link.lastPollOk) {
    state = 'polling';
  } else if (navigator.onLine === false || (link.polling && link.lastPollOk === false)) {
    state = 'offline';
  } else {
    state = link.failures === 0 && group.version === null ? 'connecting' : 'reconnecting';
  }
  const text = STATE_TEXT[state] + (state !== 'stopped' && group.status === 'Closed' ? CLOSED_SUFFIX : '');
  connection.dataset.state = state;
  setText(connection, text);
  // While nothing reaches the page, the rows are shown as what they were at the last update, not as current.
  const stale = (state === 'reconnecting' || state === 'offline') && group.version !== null;
  sessionsTable.dataset.stale = String(stale);
}

function socketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // What this page holds: a reconnect to any server gets "resumed" when it is still current.
  let since = group.version === null ? '' : `?since=${group.version}`;
  if (since && group.tag) {
    since += `&tag=${encodeURIComponent(group.tag)}`;
  }
  return `${scheme}://${location.host}/ws/assessments/${encodeURIComponent(assessmentId)}/monitoring${since}`;
}

function connect() {
  clearTimeout(link.retryTimer);
  link.retryTimer = null;
  if (link.stopped || link.ws) {
    return;
  }
  let ws;
  try {
    ws = new WebSocket(socketUrl());
  } catch (e) {
    scheduleReconnect();
    return;
  }
  link.ws = ws;
  ws.onopen = () => {
    link.failures = 0;
    link.lastHeard = Date.now();
    stopPolling();
    startPings(ws);
    refreshState();
  };
  ws.onmessage = (event) => {
    link.lastHeard = Date.now();
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    onMessage(message);
  };
  ws.onclose = (event) => {
    if (link.ws !== ws) {
      return;
    }
    dropSocket();
    if (event.code === 4401) {
      toLogin();
      return;
    }
    if (event.code >= 4400 && event.code < 4500) {
      showActionError(`Live updates refused: ${event.reason || event.code}`);
    }
    scheduleReconnect();
  };
  refreshState();
}

/** Forgets the current socket at once (its late events are ignored) and closes it. */
function dropSocket() {
  const ws = link.ws;
  link.ws = null;
  clearInterval(link.pingTimer);
  if (ws) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      ws.close(1000);
    }
  }
  refreshState();
}

function scheduleReconnect(immediately = false) {
  if (link.stopped) {
    return;
  }
  clearTimeout(link.retryTimer);
  const delay = immediately ? 0 : backoff(link.failures);
  link.failures++;
  if (link.failures >= POLL_AFTER_FAILURES) {
    startPolling();
  }
  link.retryTimer = setTimeout(connect, delay);
  refreshState();
}

/** Client pings keep proxies from closing an idle socket and detect a dead one the browser has not noticed. */
function startPings(ws) {
  clearInterval(link.pingTimer);
  link.pingTimer = setInterval(() => {
    if (link.ws !== ws) {
      return;
    }
    if (Date.now() - link.lastHeard > PING_MS + PONG_TIMEOUT_MS) {
      dropSocket();
      scheduleReconnect(true);
      return;
    }
    ws.send('ping');
  }, PING_MS);
}

function onMessage(m) {
  switch (m.type) {
    case 'snapshot':
      applySnapshot(m, m.tag);
      break;
    case 'changes':
      if (group.version !== null && m.version < group.version) {
        return;
      }
      if (group.version !== null && m.fromVersion > group.version) {
        // A gap: reconnect with our version and get what was missed.
        dropSocket();
        scheduleReconnect(true);
        return;
      }
      applyChanges(m);
      break;
    case 'resumed':
      noteServerTime(m.asOf);
      group.tag = m.tag;
      setGroupStatus(m.groupStatus);
      updated();
      break;
    case 'pong':
      // The socket is alive and every change before it was pushed: what the page shows is current.
      if (group.version !== null) {
        updated();
      }
      break;
    default:
      break;
  }
}

function startPolling() {
  if (link.polling || link.stopped) {
    return;
  }
  link.polling = true;
  poll();
}

function stopPolling() {
  link.polling = false;
  link.lastPollOk = null;
  clearTimeout(link.pollTimer);
  link.pollTimer = null;
}

async function poll() {
  clearTimeout(link.pollTimer);
  link.pollTimer = setTimeout(poll, POLL_MS);
  try {
    await fetchView();
    link.lastPollOk = true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      toLogin();
      return;
    }
    link.lastPollOk = false;
    fetchError.hidden = false;
  }
  if (!link.polling) {
    clearTimeout(link.pollTimer);
  }
  refreshState();
}

/** One GET of the polled view, conditional on the last ETag; a 304 only confirms that nothing changed. */
async function fetchView() {
  const headers = link.etag ? { 'If-None-Match': link.etag } : {};
  const reply = await api('GET', `/api/assessments/${encodeURIComponent(assessmentId)}/monitoring`, undefined,
    headers);
  link.etag = reply.headers.get('ETag') || link.etag;
  if (link.ws && link.ws.readyState === WebSocket.OPEN) {
    // The socket came back while this poll was out: what it sends is as new or newer, so it wins.
    updated();
  } else if (reply.status === 200) {
    applySnapshot(reply.body, reply.headers.get('ETag'));
  } else {
    updated();
  }
}

function stopUpdates() {
  if (link.stopped) {
    return;
  }
  link.stopped = true;
  clearTimeout(link.retryTimer);
  stopPolling();
  dropSocket();
  refreshState();
}

/** Live updates start again when the view shows that something can still change (after a Reset, say). */
function resumeUpdates() {
  if (!link.stopped || finished() || group.version === null) {
    return;
  }
  link.stopped = false;
  link.failures = 0;
  connect();
}

/**
 * Reads the whole view again and shows it (whatever the ETag), so a row that an action was refused on shows what
 * the server holds, even while the socket is open or updates had stopped.
 */
async function refreshView() {
  try {
    const reply = await api('GET', `/api/assessments/${encodeURIComponent(assessmentId)}/monitoring`);
    applySnapshot(reply.body, reply.headers.get('ETag'));
    return true;
  } catch (e) {
    fetchError.hidden = false;
    return false;
  }
}

window.addEventListener('online', () => {
  if (!link.ws && !link.stopped) {
    link.failures = 0;
    scheduleReconnect(true);
  }
  refreshState();
});
window.addEventListener('offline', refreshState);

// ---- actions ---------------------------------------------------------------------------------------------

const ACTION_TEXT = {
  reshuffle: 'reshuffled', 'force-close': 'closed', extend: 'given more time', pause: 'paused', resume: 'resumed',
  reset: 'reset',
};

const ACTION_LABEL = {
  reshuffle: 'Reshuffle', 'force-close': 'Force close', extend: 'Extend time', pause: 'Pause', resume: 'Resume',
  reset: 'Reset',
};

/** Plain sentences for the refusals an HC meets, by problem code; the code is still shown after them. */
const REFUSALS = {
  SESSION_CLOSED: (n) => `${n}'s session has already ended.`,
  SESSION_STILL_OPEN: (n) => `${n}'s session is still open; only an ended session can be reset.`,
  TIME_EXPIRED: (n) => `${n}'s time is already up.`,
  SESSION_NOT_IN_PROGRESS: (n) => `${n}'s session is not in progress.`,
  SESSION_NOT_PAUSED: (n) => `${n}'s session is not paused.`,
  SESSION_PAUSED: (n) => `${n}'s session is paused; resume it first.`,
  ALREADY_STARTED: (n) => `${n} has already started, so the questions can no longer be reshuffled.`,
  ASSESSMENT_CLOSED: () => 'The assessment is closed: no new attempt can be given.',
  CONCURRENT_UPDATE: (n) => `${n}'s session changed at the same moment; try again.`,
  STORAGE_UNAVAILABLE: () => 'The database could not be reached and nothing was changed; try again in a moment.',
  SESSION_NOT_FOUND: (n) => `${n}'s session no longer exists.`,
  CSRF_TOKEN_INVALID: () => 'The sign-in could not be confirmed; reload the page and try again.',
  FORBIDDEN: () => 'This sign-in may not do that.',
  TOO_MANY_REQUESTS: () => 'The server is busy; try again in a moment.',
};

/** Why an action on {@code name}'s session failed, naming the worker rather than the session id. */
function failureText(e, name, sessionId) {
  if (e instanceof NetworkError) {
    return 'The server could not be reached; try again.';
  }
  if (e instanceof ApiError) {
    const plain = REFUSALS[e.code];
    let text = plain ? plain(name) : e.message;
    if (sessionId) {
      text = text.replaceAll(sessionId, name);
    }
    return `${text} (${e.code || `HTTP ${e.status}`})`;
  }
  return String(e && e.message ? e.message : e);
}

function showActionError(message) {
  actionError.textContent = message;
  actionError.hidden = false;
}

async function runAction(sessionId, action) {
  const row = rows.get(sessionId);
  const name = row.data.name;
  if (action === 'history') {
    await showHistory(row);
    return;
  }
  let body;
  if (action === 'force-close') {
    const sure = await ask(row, action, {
      title: 'Force close',
      message: row.data.status === 'NotStarted' || row.data.status === 'Upcoming'
        ? `Close ${name}'s session before it starts? It will be marked Abandoned.`
        : `Close ${name}'s exam now? The answers saved so far are graded.`,
      confirmLabel: 'Force close', danger: true, focusCancel: true,
    });
    if (!sure) return;
  } else if (action === 'reset') {
    const sure = await ask(row, action, {
      title: 'Reset',
      message: `Give ${name} a new attempt? The current attempt is kept in the history.`,
      confirmLabel: 'Reset', danger: true, focusCancel: true,
    });
    if (!sure) return;
  } else if (action === 'extend') {
    const minutes = await ask(row, action, {
      title: 'Extend time',
      message: `Add time to ${name}'s exam. ${row.data.extraTimeSeconds > 0
        ? `${minutesText(row.data.extraTimeSeconds)} was already added to this attempt.`
        : 'No time has been added to this attempt yet.'}`,
      confirmLabel: 'Extend',
      number: { label: 'Minutes to add', min: 1, max: 240, value: 10 },
    });
    if (!minutes) return;
    body = { minutes };
  }
  actionError.hidden = true;
  // Disabling the buttons drops the focus of the one used; the row's next rendering gives it back.
  if (row.cells.actions.contains(document.activeElement)) {
    row.refocus = action;
  }
  const buttons = row.cells.actions.querySelectorAll('button');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const reply = await api('POST', `/api/sessions/${encodeURIComponent(sessionId)}/${action}`, body);
    applyRow(reply.body, performance.now());
    group.tag = null;
    renderActions(rows.get(sessionId));
    renderGroup();
    const done = action === 'extend'
      ? `given ${body.minutes} more minute${body.minutes === 1 ? '' : 's'} (${minutesText(reply.body.extraTimeSeconds)} `
        + 'added in all)'
      : ACTION_TEXT[action];
    showNotice(`${name}: ${done}. Status ${statusText(reply.body.status)}.`, 'success');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      toLogin();
      return;
    }
    renderActions(rows.get(sessionId));
    // The refusal usually means the row was not current: it is read again before the operator is told.
    const refreshed = await refreshView();
    showNotice(`${ACTION_LABEL[action]} for ${name} was not done: ${failureText(e, name, sessionId)}`
      + (refreshed ? ' The row now shows the current state.' : ''), 'error');
  }
}

// ---- confirmations that go stale ---------------------------------------------------------------------------

/**
 * The row dialog open now: {sessionId, action, status, extra, name, controller, why}. When its row changes under it
 * (the worker started, another HC acted), it is closed without acting, and the operator is told why.
 */
let asking = null;

/** Upcoming and Not started take the same actions with the same effect: the group opening changes neither. */
function stage(status) {
  return status === 'Upcoming' ? 'NotStarted' : status;
}

function changeText(from, to) {
  switch (stage(to)) {
    case 'InProgress': return stage(from) === 'Paused' ? 'was resumed' : 'started';
    case 'Paused': return 'was paused';
    case 'Completed': return 'finished (now Completed)';
    case 'Abandoned': return 'was closed (now Abandoned)';
    case 'NotStarted': return 'was reset (now Not started)';
    default: return `changed to ${statusText(to)}`;
  }
}

/** Why the dialog {@code a} no longer describes what confirming it would do, or null while it still does. */
function staleReason(a, data) {
  if (!data) {
    return `${a.name} is no longer in this assessment; nothing was done.`;
  }
  if (stage(data.status) !== stage(a.status)) {
    return `${data.name} ${changeText(a.status, data.status)} meanwhile; nothing was done.`;
  }
  if (a.action === 'extend' && (data.extraTimeSeconds || 0) !== a.extra) {
    return `Time was added to ${data.name}'s exam meanwhile; nothing was done. Check the row before adding more.`;
  }
  return null;
}

function closeIfChanged(a, data) {
  const why = a.why || staleReason(a, data);
  if (why && !a.why) {
    a.why = why;
    a.controller.abort();
  }
}

/** A confirmation for one row's action; false (and a notice saying why) when the row changed before it was confirmed. */
async function ask(row, action, options) {
  const controller = new AbortController();
  const a = {
    sessionId: row.data.sessionId, action, status: row.data.status, extra: row.data.extraTimeSeconds || 0,
    name: row.data.name, controller, why: null,
  };
  asking = a;
  let answer;
  try {
    answer = await confirmDialog({ ...options, signal: controller.signal });
  } finally {
    if (asking === a) {
      asking = null;
    }
  }
  if (answer && !a.why) {
    // Checked again as it is confirmed: what the dialog said must still be what happens.
    const now = rows.get(a.sessionId);
    a.why = staleReason(a, now ? now.data : null);
  }
  if (a.why) {
    showNotice(a.why, 'warn');
    const current = rows.get(a.sessionId);
    current?.cells.actions.querySelector('button:not([disabled]), a')?.focus();
    return false;
  }
  return answer;
}

// ---- notices ------------------------------------------------------------------------------------------------

const NOTICE_MS = { success: 8000, info: 8000, warn: 20000, error: 20000 };
let noticeTimer = null;

/**
 * Shows the outcome of an action at the bottom of the viewport, where the operator is, until dismissed or for a
 * while (longer for problems; not while the pointer or the focus is on it); screen readers hear it at once.
 */
function showNotice(text, kind = 'info') {
  notice.dataset.kind = kind;
  setText(noticeText, text);
  notice.hidden = false;
  const region = kind === 'success' || kind === 'info' ? actionStatus : actionAlert;
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
  armNotice();
}

function armNotice() {
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(hideNotice, NOTICE_MS[notice.dataset.kind] || 8000);
}

function hideNotice() {
  clearTimeout(noticeTimer);
  if (notice.contains(document.activeElement)) {
    document.activeElement.blur();
  }
  notice.hidden = true;
}

document.getElementById('notice-dismiss').addEventListener('click', hideNotice);
notice.addEventListener('mouseenter', () => clearTimeout(noticeTimer));
notice.addEventListener('focusin', () => clearTimeout(noticeTimer));
notice.addEventListener('mouseleave', () => { if (!notice.contains(document.activeElement)) armNotice(); });
notice.addEventListener('focusout', (e) => { if (!notice.contains(e.relatedTarget)) armNotice(); });
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !notice.hidden && !document.querySelector('dialog[open]')) {
    hideNotice();
  }
});

// ---- history ------------------------------------------------------------------------------------------------

const historyDialog = document.getElementById('history-dialog');
const historyBody = document.getElementById('history-body');
document.getElementById('history-close').addEventListener('click', () => historyDialog.close());

/** The session's earlier attempts (kept by Reset) and its audit events, in a dialog. */
async function showHistory(row) {
  setText(document.getElementById('history-title'), `History: ${row.data.name}`);
  historyBody.replaceChildren(el('p', {}, 'Loading…'));
  historyDialog.showModal();
  try {
    const h = (await api('GET', `/api/sessions/${encodeURIComponent(row.data.sessionId)}/history`)).body;
    historyBody.replaceChildren(
      el('p', {}, `Attempt ${h.attempt} (current): ${statusText(h.status)}.`),
      h.attempts.length ? attemptsTable(h.attempts) : el('p', {}, 'No earlier attempt.'),
      el('h3', {}, 'Events'),
      el('ol', { class: 'history-events' }, ...h.events.map(eventItem)));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      toLogin();
      return;
    }
    historyBody.replaceChildren(el('p', { role: 'alert' }, `The history could not be loaded. ${describeError(e)}`));
  }
}

function attemptsTable(attempts) {
  const headings = ['Attempt', 'Status', 'Closed by', 'Started', 'Completed', 'Score', 'Result', 'Answered'];
  const dash = (value, show = String) => (value === null || value === undefined ? '—' : show(value));
  return el('table', { class: 'history-attempts' },
    el('caption', {}, 'Earlier attempts'),
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...attempts.map((a) => el('tr', { 'data-attempt': String(a.attempt) },
      el('td', {}, String(a.attempt)), el('td', {}, statusText(a.status)), el('td', {}, dash(a.closedBy)),
      el('td', {}, dash(a.startedAt, dateTime)), el('td', {}, dash(a.completedAt, dateTime)),
      el('td', {}, dash(a.scorePercent, (s) => `${s}%`)), el('td', {}, dash(a.result)),
      el('td', {}, String(a.answeredCount))))));
}

function eventItem(e) {
  const what = e.action.charAt(0) + e.action.slice(1).toLowerCase().replaceAll('_', ' ');
  const state = (label) => (label ? statusText(label) : '—');
  const states = e.before || e.after ? ` · ${state(e.before)} → ${state(e.after)}` : '';
  return el('li', { 'data-action': e.action },
    `${dateTime(e.at)} · ${what} · ${e.actorId} (${e.actorRole})${states}${e.detail ? ` · ${e.detail}` : ''}`);
}

/** What Close early would end, by status, as the page shows it now. */
function openCounts() {
  const n = { InProgress: 0, Paused: 0, NotStarted: 0 };
  for (const row of rows.values()) {
    const key = stage(row.data.status);
    if (key in n) {
      n[key]++;
    }
  }
  return n;
}

function closeEarlyMessage(n) {
  const parts = [];
  if (n.InProgress) parts.push(`${n.InProgress} in progress`);
  if (n.Paused) parts.push(`${n.Paused} paused`);
  if (n.NotStarted) parts.push(`${n.NotStarted} not started`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  const total = n.InProgress + n.Paused + n.NotStarted;
  return `Close every open session of this assessment now? This ends ${total} session${total === 1 ? '' : 's'}: `
    + `${list}. Sessions in progress or paused are graded on their saved answers; sessions not started are `
    + 'marked Abandoned. No Reset is possible afterwards.';
}

/** The Close early dialog open now: its message follows the counts, and it closes when nothing is left open. */
let closingEarly = null;

function followCloseEarly() {
  if (!closingEarly) {
    return;
  }
  const n = openCounts();
  if (n.InProgress + n.Paused + n.NotStarted === 0) {
    closingEarly.why = 'Every session ended meanwhile; nothing was done.';
    closingEarly.controller.abort();
    return;
  }
  setText(document.querySelector('#confirm-dialog [data-dialog-message]'), closeEarlyMessage(n));
}

closeEarly.addEventListener('click', async () => {
  const asked = { controller: new AbortController(), why: null };
  closingEarly = asked;
  let sure;
  try {
    sure = await confirmDialog({
      title: 'Close the assessment early', message: closeEarlyMessage(openCounts()),
      confirmLabel: 'Close early', danger: true, focusCancel: true, signal: asked.controller.signal,
    });
  } finally {
    closingEarly = null;
  }
  if (asked.why) {
    showNotice(asked.why, 'warn');
    return;
  }
  if (!sure) return;
  closeEarly.disabled = true;
  try {
    const reply = await api('POST', `/api/assessments/${encodeURIComponent(assessmentId)}/close-early`);
    applySnapshot(reply.body, null);
    showNotice('The assessment was closed.', 'success');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      toLogin();
      return;
    }
    showNotice(`Closing early was not done: ${failureText(e, '', null)}`, 'error');
    await refreshView();
  } finally {
    closeEarly.disabled = false;
  }
});

// ---- results -------------------------------------------------------------------------------------------------

for (const format of ['csv', 'json']) {
  const anchor = document.getElementById(`results-${format}`);
  anchor.href = `/api/assessments/${encodeURIComponent(assessmentId)}/results.${format}`;
  anchor.download = `results-${assessmentId}.${format}`;
}

// ---- start -----------------------------------------------------------------------------------------------

setInterval(() => {
  const now = performance.now();
  for (const row of rows.values()) {
    renderRemaining(row, now);
    renderOffline(row);
  }
}, 1000);

wireLogout();
requireLogin(['HC', 'ADMIN']).then(async (me) => {
  document.querySelector('[data-me]').textContent = `${me.id} (${me.role})`;
  try {
    await fetchView();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      showActionError('No such assessment.');
      link.stopped = true;
      refreshState();
      return;
    }
    fetchError.hidden = false;
  }
  if (!link.stopped) {
    connect();
  }
}).catch((e) => showActionError(describeError(e)));
