// Login: a pasted token becomes a cookie session; then on to the page the role (or ?next=) asks for.
import { api, ApiError, describeError, wireLogout } from '/assets/common.js';

const form = document.getElementById('login-form');
const tokenInput = document.getElementById('token');
const error = document.getElementById('login-error');
const signedIn = document.getElementById('signed-in');
const workerHome = document.getElementById('worker-home');

/** The ?next= target when it is a page of this site that suits the role; otherwise null. */
function nextFor(role) {
  const next = new URLSearchParams(location.search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return null;
  }
  const workerPage = /^\/(exam|result)\/[^/?#]+$/.test(next.split('?')[0]);
  const staffPage = next.startsWith('/assessments') || /^\/result\//.test(next);
  if (role === 'WORKER' ? workerPage : staffPage) {
    return next;
  }
  return null;
}

/** Where a signed-in user goes: ?next= when it fits, HC and ADMIN to the assessments, workers to their exam. */
function destination(role) {
  const next = nextFor(role);
  if (next) {
    return next;
  }
  return role === 'WORKER' ? null : '/assessments';
}

function proceed(me) {
  const target = destination(me.role);
  if (target) {
    location.assign(target);
    return;
  }
  showWorkerHome();
}

function showWorkerHome() {
  form.hidden = true;
  signedIn.hidden = true;
  workerHome.hidden = false;
  document.getElementById('session-code').focus();
}

function showError(message) {
  error.textContent = message;
  error.hidden = false;
  tokenInput.setAttribute('aria-invalid', 'true');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) {
    showError('Paste your access token first.');
    tokenInput.focus();
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  error.hidden = true;
  try {
    const reply = await api('POST', '/api/login', { token });
    tokenInput.value = '';
    proceed(reply.body);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      showError('This token is not valid (unknown, expired or revoked).');
    } else {
      showError('Sign-in failed: ' + describeError(e));
    }
    tokenInput.focus();
  } finally {
    button.disabled = false;
  }
});

workerHome.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = document.getElementById('session-code').value.trim();
  if (code) {
    location.assign('/exam/' + encodeURIComponent(code));
  }
});

wireLogout();

(async () => {
  try {
    const me = (await api('GET', '/api/me')).body;
    signedIn.querySelector('[data-me-id]').textContent = me.id;
    signedIn.querySelector('[data-me-role]').textContent = me.role;
    const target = destination(me.role);
    const link = signedIn.querySelector('[data-continue]');
    if (target) {
      link.href = target;
    } else {
      link.href = '#';
      link.addEventListener('click', (event) => {
        event.preventDefault();
        showWorkerHome();
      });
    }
    signedIn.hidden = false;
  } catch (e) {
    // Not signed in: the form is all there is.
  }
  tokenInput.focus();
})();
