package org.examengine.application.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.examengine.application.port.in.CheckExamStatusUseCase;
import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.FinalAnswer;
import org.examengine.application.port.in.GetResultUseCase;
import org.examengine.application.port.in.HeartbeatUseCase;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SaveAnswerUseCase;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SessionStatusView;
import org.examengine.application.port.in.StartExamUseCase;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.port.in.SubmitExamUseCase;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.Paper;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.grading.Grader;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Role;

/** The worker's side: start or resume, save answers, heartbeat, status checks, submit and results. */
public final class ExamTakingService implements StartExamUseCase, SaveAnswerUseCase, SubmitExamUseCase,
        HeartbeatUseCase, CheckExamStatusUseCase, GetResultUseCase {

    private final EngineContext ctx;
    private final SaveCombiner saves;

    ExamTakingService(EngineContext ctx, int saveLanes) {
        this.ctx = ctx;
        this.saves = new SaveCombiner(ctx, this::saveAlone, saveLanes);
    }

    @Override
    public ExamSheet startExam(SessionCommand command) {
        return ctx.onSession(command.actor(), command.sessionId(), Access.OWNER, true, c -> {
            ExamSession before = c.session();
            ExamSession started = before.start(c.assessment(), c.now());
            ExamSession.Touch touch = started.touch(c.assessment(), c.now());
            ExamSession stored = ctx.storage.sessions().update(touch.session());
            if (before.status() == SessionStatus.NOT_STARTED) {
                ctx.audit(command.actor(), AuditAction.SESSION_STARTED, before, stored, c.now(), null);
                c.event(ExamEvent.Type.SESSION_STARTED);
            } else {
                auditCredit(command.actor(), before, stored, touch, c.now());
                c.event(ExamEvent.Type.HEARTBEAT);
            }
            return sheet(stored, c.assessment(), c.now());
        });
    }

    /**
     * Saves one pick. Saves that arrive at the same time share one transaction ({@link SaveCombiner}); each
     * behaves as {@link #saveAlone} does.
     */
    @Override
    public SavedAnswer saveAnswer(SaveAnswerCommand command) {
        return saves.save(command);
    }

    /** One save in a transaction of its own. */
    private SavedAnswer saveAlone(SaveAnswerCommand command) {
        return ctx.onSession(command.actor(), command.sessionId(), Access.OWNER, EngineContext.Read.WORKER_LOCKED,
                command.questionId(), c -> {
            c.session().requireAttempt(command.attempt());
            ExamSession.Touch touch = c.session().touch(c.assessment(), c.now());
            ExamPackage pkg = ctx.pkg(c.session().packageId());
            ExamSession.AnswerOutcome outcome = touch.session().recordAnswer(c.assessment(), pkg, c.previous(),
                    command.questionId(), command.optionId(), command.pageIndex(), command.clientSeq(), c.now());
            if (outcome instanceof ExamSession.Stale stale) {
                Response stored = stale.stored();
                return new SavedAnswer(command.sessionId(), stored.questionId(), stored.optionId(),
                        stored.clientSeq(), stored.savedAt(), false, c.session().answeredCount(),
                        c.session().remainingSeconds(c.assessment(), c.now()).orElse(0L));
            }
            ExamSession.Applied applied = (ExamSession.Applied) outcome;
            ctx.storage.responses().upsert(applied.response());
            ExamSession stored = ctx.storage.sessions().update(applied.session());
            auditCredit(command.actor(), c.session(), stored, touch, c.now());
            c.event(ExamEvent.Type.ANSWER_SAVED);
            Response r = applied.response();
            return new SavedAnswer(command.sessionId(), r.questionId(), r.optionId(), r.clientSeq(), r.savedAt(),
                    true, stored.answeredCount(), stored.remainingSeconds(c.assessment(), c.now()).orElse(0L));
        });
    }

    @Override
    public ExamResult submitExam(SubmitExamCommand command) {
        return ctx.onSession(command.actor(), command.sessionId(), Access.OWNER, EngineContext.Read.WORKER_LOCKED,
                null, c -> {
            ExamSession session = c.session();
            session.requireAttempt(command.attempt());
            if (command.timeUp() ? session.isClosedAtTimeUp() : session.isSubmittedByWorker()) {
                // A repeated call (its answer lost on the way) gets what the first one did.
                return result(session, c.assessment(), command.actor());
            }
            ExamSession.Touch touch = session.touch(c.assessment(), c.now());
            session = touch.session();
            ExamPackage pkg = ctx.pkg(session.packageId());
            for (FinalAnswer answer : command.finalAnswers()) {
                Optional<Response> previous = ctx.storage.responses().find(session.id(), answer.questionId());
                ExamSession.AnswerOutcome outcome = session.recordFinalAnswer(c.assessment(), pkg, previous,
                        answer.questionId(), answer.optionId(), answer.clientSeq(), c.now());
                if (outcome instanceof ExamSession.Applied applied) {
                    ctx.storage.responses().upsert(applied.response());
                    session = applied.session();
                }
            }
            Grade grade = Grader.grade(pkg, ctx.storage.responses().findBySession(session.id()),
                    c.assessment().passingScorePercent());
            if (command.timeUp()) {
                ExamSession stored = ctx.storage.sessions().update(
                        session.closeAtTimeUp(c.assessment(), grade, c.now()));
                auditCredit(command.actor(), c.session(), stored, touch, c.now());
                ctx.audit(command.actor(), AuditAction.SESSION_EXPIRED, c.session(), stored, c.now(),
                        "time up on the worker's page, policy " + c.assessment().policy().expiry()
                                + (stored.scorePercent() == null ? "" : ", score " + stored.scorePercent()));
                c.event(ExamEvent.Type.SESSION_EXPIRED);
                return result(stored, c.assessment(), command.actor());
            }
            ExamSession stored = ctx.storage.sessions().update(session.submit(c.assessment(), grade, c.now()));
            auditCredit(command.actor(), c.session(), stored, touch, c.now());
            ctx.audit(command.actor(), AuditAction.SESSION_SUBMITTED, c.session(), stored, c.now(),
                    "score " + stored.scorePercent());
            c.event(ExamEvent.Type.SESSION_SUBMITTED);
            return result(stored, c.assessment(), command.actor());
        });
    }

    @Override
    public SessionStatusView heartbeat(SessionCommand command) {
        return ctx.onSession(command.actor(), command.sessionId(), Access.OWNER, EngineContext.Read.WORKER_LOCKED,
                null, c -> {
            if (!c.session().status().isStarted()) {
                return Views.status(c.session(), c.assessment(), c.now());
            }
            ExamSession.Touch touch = c.session().touch(c.assessment(), c.now());
            ExamSession stored = ctx.storage.sessions().update(touch.session());
            auditCredit(command.actor(), c.session(), stored, touch, c.now());
            c.event(ExamEvent.Type.HEARTBEAT);
            return Views.status(stored, c.assessment(), c.now());
        });
    }

    @Override
    public SessionStatusView checkExamStatus(SessionCommand command) {
        return ctx.onSession(command.actor(), command.sessionId(), Access.OWNER, EngineContext.Read.WORKER_PLAIN,
                null, c -> Views.status(c.session(), c.assessment(), c.now()));
    }

    @Override
    public ExamResult getResult(SessionCommand command) {
        return ctx.onSession(command.actor(), command.sessionId(), Access.OWNER_OR_STAFF, false, c -> {
            if (!c.session().status().isClosed()) {
                throw new ExamException(ErrorCode.RESULT_NOT_AVAILABLE,
                        "session " + c.session().id() + " is " + c.session().status().label());
            }
            return result(c.session(), c.assessment(), command.actor());
        });
    }

    private void auditCredit(Actor actor, ExamSession before, ExamSession after, ExamSession.Touch touch,
                             Instant now) {
        if (touch.creditedSeconds() > 0) {
            ctx.audit(actor, AuditAction.OUTAGE_CREDITED, before, after, now,
                    "credited " + touch.creditedSeconds() + "s, total " + after.creditedSeconds() + "s");
        }
    }

    private ExamSheet sheet(ExamSession s, Assessment a, Instant now) {
        List<Question> paper = paper(s, a);
        List<ExamSheet.SavedChoice> answers = ctx.storage.responses().findBySession(s.id()).stream()
                .map(r -> new ExamSheet.SavedChoice(r.questionId(), r.optionId(), r.clientSeq()))
                .toList();
        int lastPage = Math.min(s.lastPageIndexOrZero(), s.pageCount(a.policy()) - 1);
        return new ExamSheet(s.id(), a.id(), a.title(), s.displayStatus(a, now), s.attempt(),
                paper.stream().map(Views::paperQuestion).toList(), answers, lastPage,
                a.policy().questionsPerPage(), s.remainingSeconds(a, now).orElse(0L),
                s.deadline(a, now).orElse(null), now);
    }

    private List<Question> paper(ExamSession s, Assessment a) {
        return Paper.of(ctx.pkg(s.packageId()), s.shuffleSeed(), a.policy().shuffleQuestions(),
                a.policy().shuffleOptions());
    }

    private ExamResult result(ExamSession s, Assessment a, Actor viewer) {
        List<Response> responses = ctx.storage.responses().findBySession(s.id());
        ExamPackage pkg = ctx.pkg(s.packageId());
        boolean graded = s.status() == SessionStatus.COMPLETED;
        Integer correct = graded ? Grader.grade(pkg, responses, a.passingScorePercent()).correctCount() : null;
        boolean review = viewer.role() != Role.WORKER || a.policy().allowReview();
        List<ExamResult.ReviewItem> items = List.of();
        if (review) {
            Map<QuestionId, OptionId> chosen = responses.stream().filter(Response::isAnswered)
                    .collect(Collectors.toMap(Response::questionId, Response::optionId));
            items = paper(s, a).stream().map(q -> new ExamResult.ReviewItem(q.id(), q.text(), Views.options(q),
                    chosen.get(q.id()), q.correctOption().id(), q.isCorrect(chosen.get(q.id())))).toList();
        }
        String name = ctx.storage.participants().findById(s.participantId()).map(Participant::displayName)
                .orElse(s.participantId().value());
        return new ExamResult(s.id(), a.title(), s.status(), s.closedBy(), s.scorePercent(), s.passed(),
                ExamResult.resultLabel(s.passed()), a.passingScorePercent(), s.answeredCount(), s.totalQuestions(),
                correct, s.startedAt(), s.completedAt(), s.attempt(), review, items, name);
    }
}
