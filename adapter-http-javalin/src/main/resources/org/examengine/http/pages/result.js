// A closed session's result: score, pass or fail, and the per-question review when the assessment allows it.
import { api, ApiError, badge, dateTime, describeError, el, requireLogin, toLogin, wireLogout } from '/assets/common.js';

const sessionId = decodeURIComponent(location.pathname.split('/')[2]);
const CLOSED_BY = { WORKER: 'submitted by the worker', TIMEOUT: 'closed when the time ran out', HC: 'closed by the supervisor' };

function fact(label, value) {
  return el('div', {}, el('dt', { class: 'l' }, label), el('dd', { class: 'n' }, value));
}

function render(r, staff) {
  // Staff may have several workers' results open at once: each says whose it is.
  const whose = staff && r.participantName ? `${r.participantName} · ` : '';
  document.title = `${whose}${r.assessmentTitle} · Result`;
  document.getElementById('result-title').textContent = r.assessmentTitle;
  document.getElementById('result-meta').textContent = `${whose}Attempt ${r.attempt} · ${r.status}`
    + `${r.closedBy ? ', ' + CLOSED_BY[r.closedBy] : ''} · ${dateTime(r.completedAt)}`;
  document.getElementById('score').textContent =
    r.scorePercent === null || r.scorePercent === undefined ? '—' : `${Math.round(r.scorePercent * 10) / 10}%`;
  const verdict = document.getElementById('verdict');
  verdict.replaceChildren(r.result ? badge(r.result) : '');
  const facts = [
    fact('Answered', `${r.answeredCount}/${r.totalQuestions}`),
    fact('Pass mark', `${r.passingScorePercent}%`),
  ];
  if (r.correctCount !== null && r.correctCount !== undefined) {
    facts.push(fact('Correct', `${r.correctCount}/${r.totalQuestions}`));
  }
  document.getElementById('facts').replaceChildren(...facts);
  document.getElementById('result').hidden = false;

  if (r.reviewIncluded && r.review && r.review.length) {
    if (staff) {
      document.getElementById('review-title').textContent = `Answers of ${r.participantName || 'the worker'}`;
    }
    const chosenNote = staff ? 'chosen' : 'your answer';
    const mark = (item) => (item.chosenOptionId === null || item.chosenOptionId === undefined
      ? el('span', { class: 'muted' }, '(not answered)')
      : el('span', { class: item.correct ? 'correct-mark' : 'wrong-mark' }, item.correct ? '(correct)' : '(wrong)'));
    const items = r.review.map((item, i) => el('div', { class: 'review-item', 'data-question-id': item.questionId },
      el('p', {}, el('strong', {}, `${i + 1}. `), item.text, ' ', mark(item)),
      el('ul', {}, ...item.options.map((o) => {
        const notes = [];
        if (o.id === item.chosenOptionId) notes.push(chosenNote);
        if (o.id === item.correctOptionId) notes.push('correct answer');
        return el('li', { class: o.id === item.chosenOptionId ? 'chosen' : null },
          o.text, notes.length ? ` — ${notes.join(', ')}` : '');
      }))));
    document.getElementById('review-items').replaceChildren(...items);
    document.getElementById('review').hidden = false;
  }
}

wireLogout();
(async () => {
  let me = null;
  try {
    me = await requireLogin();
    document.querySelector('[data-me]').textContent = `${me.id} (${me.role})`;
    const r = (await api('GET', `/api/sessions/${encodeURIComponent(sessionId)}/result`)).body;
    render(r, me.role !== 'WORKER');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      toLogin();
      return;
    }
    const problem = document.getElementById('problem');
    const staff = me && me.role !== 'WORKER';
    problem.textContent = e instanceof ApiError && e.code === 'RESULT_NOT_AVAILABLE'
      ? 'There is no result yet: the current attempt of this exam has not ended (it has not started, is under way, '
        + 'or was given anew by the supervisor). The result shows here once it is submitted or closed.'
        + (staff ? ' Earlier attempts are in the session\'s History on the monitoring page.' : '')
      : e instanceof ApiError && e.status === 404 ? 'There is no such result for you.' : describeError(e);
    problem.hidden = false;
  } finally {
    document.getElementById('loading').hidden = true;
  }
})();
