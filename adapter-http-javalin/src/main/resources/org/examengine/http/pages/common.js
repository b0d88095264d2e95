// Shared helpers of the pages: API calls with the CSRF header, login checks, formatting, backoff, dialogs.

/** An answer of the API other than 2xx, with the problem's code when it sent one. */
export class ApiError extends Error {
  constructor(status, problem, headers) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.code = problem && problem.code;
    this.problem = problem;
    this.headers = headers;
  }
}

/** The request never got an answer: the network or the server is down. */
export class NetworkError extends Error {
}

/**
 * The CSRF token of the login, from its script-readable cookie: the "__Host-" one when the server marks its cookies
 * Secure, which wins over a plain one (left from before, or planted by a sibling subdomain).
 */
export function csrfToken() {
  let plain = '';
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === '__Host-exam_csrf') {
      return decodeURIComponent(rest.join('='));
    }
    if (name === 'exam_csrf' && !plain) {
      plain = decodeURIComponent(rest.join('='));
    }
  }
  return plain;
}

/**
 * Calls the JSON API with the login cookie. Every method other than GET sends the X-CSRF-Token header.
 * Resolves to {status, headers, body}; 304 resolves with a null body. Rejects with NetworkError or ApiError.
 */
export async function api(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new NetworkError(e.message);
  }
  let parsed = null;
  if (response.status !== 204 && response.status !== 304) {
    const text = await response.text().catch(() => '');
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        parsed = null;
      }
    }
  }
  if (response.status >= 400) {
    throw new ApiError(response.status, parsed, response.headers);
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Sends the browser to the login page, coming back here afterwards. */
export function toLogin() {
  const next = location.pathname + location.search;
  location.assign('/login?next=' + encodeURIComponent(next));
}

/**
 * Who is logged in ({id, role}); without a login, goes to the login page and never resolves. With
 * {@code whileUnreachable}, a server out of reach is waited for as long as it takes, and the function is called once
 * at the first failure (the page can show what it kept meanwhile); without, it gives up after a few tries.
 */
export async function requireLogin(roles, whileUnreachable = null) {
  let me;
  for (let attempt = 0; ; attempt++) {
    try {
      me = (await api('GET', '/api/me')).body;
      break;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        toLogin();
        return new Promise(() => {});
      }
      // Unreachable, its database out of reach for a moment (503), or a proxy's gateway error for a server that is
      // down (502, 504): tried again a few times before giving up.
      const unavailable = e instanceof ApiError && [502, 503, 504].includes(e.status);
      if (!(e instanceof NetworkError || unavailable) || (attempt >= 5 && !whileUnreachable)) {
        throw e;
      }
      if (whileUnreachable && attempt === 0) {
        whileUnreachable();
      }
      const after = unavailable ? Number(e.headers && e.headers.get('Retry-After')) * 1000 || 0 : 0;
      await sleep(Math.max(after, backoff(attempt, 1000, 15000)));
    }
  }
  if (roles && !roles.includes(me.role)) {
    throw new ApiError(403, { code: 'FORBIDDEN', detail: 'this page is not for the role ' + me.role });
  }
  return me;
}

/** Wires every [data-logout] button: ends the cookie session and goes to the login page. */
export function wireLogout() {
  for (const button of document.querySelectorAll('[data-logout]')) {
    button.addEventListener('click', async () => {
      try {
        await api('POST', '/api/logout');
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) {
          // Still signed in: going on to the login page would say so, and the user might leave the computer.
          alert('Signing out failed: ' + describeError(e) + '. Try again, or close the browser to sign out.');
          return;
        }
      }
      forgetKeptExams();
      location.assign('/login');
    });
  }
}

/** The copies of exams this tab kept for a reload while offline (exam.js) go with the sign-in. */
function forgetKeptExams() {
  try {
    Object.keys(sessionStorage).filter((key) => key.startsWith('examengine.sheet.'))
      .forEach((key) => sessionStorage.removeItem(key));
  } catch (e) {
    // No storage, nothing kept.
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Delay before reconnect attempt number {@code attempt} (0-based): exponential from 1 s, capped at 30 s, with
 * "equal jitter" (half fixed, half random) so that many pages cut off together do not come back together.
 */
export function backoff(attempt, baseMs = 1000, capMs = 30000) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** 754 -> "12:34", 4000 -> "1:06:40"; null -> "—". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The spoken form of a duration, for screen readers: "12 minutes 5 seconds". */
export function spokenDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [];
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (!h && (s % 60 || !m)) parts.push(`${s % 60} second${s % 60 === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** HH:MM:SS of a Date in the browser's time zone. */
export function clockTime(date = new Date()) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** An ISO instant as a short local date and time, or "—". */
export function dateTime(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  return d.toLocaleString([], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit',
    minute: '2-digit', hour12: false });
}

const STATUS_TEXT = {
  Upcoming: 'Upcoming', NotStarted: 'Not started', InProgress: 'In progress', Paused: 'Paused',
  Completed: 'Completed', Abandoned: 'Abandoned', Open: 'Open', Closed: 'Closed',
};

/** A status badge: text for everyone, colour as an extra. */
export function badge(status) {
  const span = document.createElement('span');
  span.className = 'badge badge-' + status;
  span.textContent = STATUS_TEXT[status] || status;
  return span;
}

export function statusText(status) {
  return STATUS_TEXT[status] || status;
}

/** Creates an element: el('a', {href: '/x', class: 'btn'}, 'text', child...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

/** Sets a node's text only when it differs, so unchanged cells are not touched (nor re-announced). */
export function setText(node, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

/**
 * A modal confirmation in the page's <dialog id="confirm-dialog">. Resolves to false when cancelled, true when
 * confirmed, or the number typed when {@code number} options are given. With {@code focusCancel}, Cancel has the
 * focus at first rather than the confirm button (for actions that cannot be undone); with {@code signal}, aborting
 * it closes the dialog as a Cancel would (when what it asks about is no longer so).
 */
export function confirmDialog({
  title, message, confirmLabel = 'Confirm', danger = false, number = null, focusCancel = false, signal = null,
}) {
  const dialog = document.getElementById('confirm-dialog');
  const form = dialog.querySelector('form');
  dialog.querySelector('[data-dialog-title]').textContent = title;
  dialog.querySelector('[data-dialog-message]').textContent = message;
  const field = dialog.querySelector('[data-dialog-field]');
  const input = dialog.querySelector('[data-dialog-input]');
  field.hidden = !number;
  if (number) {
    dialog.querySelector('[data-dialog-label]').textContent = number.label;
    input.min = number.min;
    input.max = number.max;
    input.value = number.value;
    input.required = true;
  } else {
    input.required = false;
  }
  const ok = dialog.querySelector('[data-dialog-confirm]');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'btn btn-danger' : 'btn btn-primary';
  if (signal && signal.aborted) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (value) => {
      if (settled) {
        return;
      }
      settled = true;
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('close', onClose);
      if (signal) {
        signal.removeEventListener('abort', onAbort);
      }
      if (dialog.open) {
        dialog.close();
      }
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      if (number) {
        const n = Number(input.value);
        if (!Number.isInteger(n) || n < number.min || n > number.max) {
          input.setCustomValidity(`Enter a whole number from ${number.min} to ${number.max}`);
          input.reportValidity();
          return;
        }
        input.setCustomValidity('');
        done(n);
      } else {
        done(true);
      }
    };
    const onClose = () => done(false);
    const onAbort = () => done(false);
    dialog.querySelector('[data-dialog-cancel]').onclick = () => done(false);
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('close', onClose);
    if (signal) {
      signal.addEventListener('abort', onAbort, { once: true });
    }
    dialog.showModal();
    (number ? input : focusCancel ? dialog.querySelector('[data-dialog-cancel]') : ok).focus();
  });
}

/** A readable sentence for an API failure. */
export function describeError(e) {
  if (e instanceof NetworkError) {
    return 'The server could not be reached.';
  }
  if (e instanceof ApiError) {
    return e.message + (e.code ? ` (${e.code})` : '');
  }
  return String(e && e.message ? e.message : e);
}
