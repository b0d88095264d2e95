// HC: search the assessment history (title, category, date range, status) and open a monitoring page.
import { api, badge, dateTime, describeError, el, requireLogin, wireLogout } from '/assets/common.js';

const form = document.getElementById('filters');
const rows = document.getElementById('assessment-rows');
const count = document.getElementById('result-count');
const error = document.getElementById('list-error');
const FIELDS = ['title', 'category', 'from', 'to', 'status'];

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

async function search() {
  const params = queryFromForm();
  history.replaceState(null, '', params.toString() ? '?' + params : location.pathname);
  params.set('limit', '200');
  error.hidden = true;
  count.textContent = 'Searching…';
  try {
    const list = (await api('GET', '/api/assessments?' + params)).body;
    render(list);
  } catch (e) {
    error.textContent = 'The search failed: ' + describeError(e);
    error.hidden = false;
    count.textContent = '';
  }
}

function render(list) {
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
  count.textContent = list.length === 1 ? '1 assessment' : `${list.length} assessments`;
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
