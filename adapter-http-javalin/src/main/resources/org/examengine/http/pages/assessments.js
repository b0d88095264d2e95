// HC: search the assessment history (title, category, date range, status) and open a monitoring page.
import {
  api, ApiError, badge, dateTime, describeError, el, requireLogin, toLogin, wireLogout,
} from '/assets/common.js';

const form = document.getElementById('filters');
const rows = document.getElementById('assessment-rows');
const count = document.getElementById('result-count');
const error = document.getElementById('list-error');
const FIELDS = ['title', 'category', 'from', 'to', 'status'];
// The most rows shown; one more is asked for, to tell the user when there are more than these.
const SHOWN = 200;
// Each search is numbered: the answer of one overtaken by a newer search is dropped.
let searches = 0;

function fillFormFromAddress() {
  const params = new URLSearchParams(location.search);
  for (const name of FIELDS) {
    form.elements[name].value = params.get(name) || '';
  }
}

function queryFromForm() {
  const params = new URLSearchParams();
  for (const name of FIELDS) {
    const value = form.elements[name].value.trim();
    if (value) {
      params.set(name, value);
    }
  }
  return params;
}

/** Checks the date range in the browser, where the user can fix it; marks the field at fault. */
function validRange() {
  const to = form.elements.to;
  const from = form.elements.from;
  const wrong = from.value && to.value && to.value < from.value;
  to.setAttribute('aria-invalid', String(Boolean(wrong)));
  if (wrong) {
    to.setAttribute('aria-describedby', 'list-error');
    error.textContent = 'The end date is before the start date. Choose an end date on or after the start date.';
    error.hidden = false;
    rows.replaceChildren();
    count.textContent = '';
    to.focus();
  } else {
    to.removeAttribute('aria-describedby');
  }
  return !wrong;
}

async function search() {
  const mine = ++searches;
  const params = queryFromForm();
  history.replaceState(null, '', params.toString() ? '?' + params : location.pathname);
  error.hidden = true;
  if (!validRange()) {
    return;
  }
  params.set('limit', String(SHOWN + 1));
  count.textContent = 'Searching…';
  try {
    const list = (await api('GET', '/api/assessments?' + params)).body;
    if (mine === searches) {
      render(list);
    }
  } catch (e) {
    if (mine !== searches) {
      return;
    }
    if (e instanceof ApiError && e.status === 401) {
      toLogin();
      return;
    }
    // Rows of an earlier search would read as the answer to this one.
    rows.replaceChildren();
    error.textContent = 'The search failed: ' + describeError(e);
    error.hidden = false;
    count.textContent = '';
  }
}

function render(all) {
  const list = all.slice(0, SHOWN);
  rows.replaceChildren();
  for (const a of list) {
    const completed = (a.sessionsByStatus && a.sessionsByStatus.Completed) || 0;
    rows.append(el('tr', { 'data-assessment-id': a.id },
      el('th', { scope: 'row' }, el('a', { href: `/assessments/${encodeURIComponent(a.id)}/monitor` }, a.title)),
      el('td', { 'data-label': 'Category' }, a.category),
      el('td', { 'data-label': 'Date' }, a.scheduleDate),
      el('td', { 'data-label': 'Opens' }, dateTime(a.opensAt)),
      el('td', { 'data-label': 'Duration' }, `${a.durationMinutes} min`),
      el('td', { 'data-label': 'Status' }, badge(a.groupStatus)),
      el('td', { 'data-label': 'Workers', class: 'num' }, String(a.sessionCount)),
      el('td', { 'data-label': 'Completed', class: 'num' }, `${completed}/${a.sessionCount}`)));
  }
  if (all.length > SHOWN) {
    count.textContent = `The first ${SHOWN} assessments, newest first. There are more: narrow the search to see them.`;
  } else if (list.length === 0) {
    count.textContent = 'No assessment matches this search.';
  } else {
    count.textContent = list.length === 1 ? '1 assessment' : `${list.length} assessments`;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});
form.addEventListener('reset', () => setTimeout(search, 0));

wireLogout();
requireLogin(['HC', 'ADMIN']).then((me) => {
  document.querySelector('[data-me]').textContent = `${me.id} (${me.role})`;
  fillFormFromAddress();
  search();
}).catch((e) => {
  error.textContent = describeError(e);
  error.hidden = false;
});
