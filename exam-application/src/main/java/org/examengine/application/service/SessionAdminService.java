package org.examengine.application.service;

import java.time.Instant;
import java.util.List;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AuditLogEntry;
import org.examengine.application.port.in.CloseGroupEarlyUseCase;
import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.application.port.in.ExtendTimeUseCase;
import org.examengine.application.port.in.ForceCloseUseCase;
import org.examengine.application.port.in.GetSessionHistoryUseCase;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.PauseSessionUseCase;
import org.examengine.application.port.in.ResetUseCase;
import org.examengine.application.port.in.ReshuffleUseCase;
import org.examengine.application.port.in.ResumeSessionUseCase;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SessionHistory;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/** HC's actions on sessions and on whole assessments, and a session's history. */
public final class SessionAdminService implements ForceCloseUseCase, ResetUseCase, ReshuffleUseCase,
        PauseSessionUseCase, ResumeSessionUseCase, ExtendTimeUseCase, CloseGroupEarlyUseCase,
        GetSessionHistoryUseCase {

    private final EngineContext ctx;
    private final MonitoringService monitoring;

    SessionAdminService(EngineContext ctx, MonitoringService monitoring) {
        this.ctx = ctx;
        this.monitoring = monitoring;
    }

    @Override
    public MonitoringRow forceClose(SessionCommand command) {
        return act(command.actor(), command, AuditAction.SESSION_FORCE_CLOSED, ExamEvent.Type.SESSION_FORCE_CLOSED,
                null, c -> {
                    ExamSession s = c.session();
                    Grade grade = s.status().isStarted() ? ctx.grade(s, c.assessment()) : null;
                    return s.forceClose(grade, c.now());
                });
    }

    @Override
    public MonitoringRow reset(SessionCommand command) {
        return act(command.actor(), command, AuditAction.SESSION_RESET, ExamEvent.Type.SESSION_RESET, null, c -> {
            ExamSession s = c.session();
            if (c.assessment().isClosedEarly()) {
                throw new ExamException(ErrorCode.ASSESSMENT_CLOSED,
                        "assessment " + c.assessment().id() + " was closed early; its sessions cannot be reset");
            }
            // A new attempt that could not start would be closed again at once, its old attempt already archived.
            if (c.assessment().startWindowPassed(c.now())) {
                throw new ExamException(ErrorCode.ASSESSMENT_CLOSED, "assessment " + c.assessment().id()
                        + " takes no more starts since " + c.assessment().closesAtOpt().orElseThrow()
                        + "; its sessions cannot be reset");
            }
            ExamSession reset = s.reset(ctx.draw(c.assessment()));
            List<Response> responses = ctx.storage.responses().findBySession(s.id());
            ctx.storage.history().append(s.toAttempt(responses, c.now()));
            ctx.storage.responses().deleteBySession(s.id());
            return reset;
        });
    }

    @Override
    public SessionHistory getSessionHistory(SessionCommand command) {
        return ctx.onSession(command.actor(), command.sessionId(), Access.STAFF, false, c -> {
            ExamSession s = c.session();
            return new SessionHistory(s.id(), s.assessmentId(), s.participantId(), s.attempt(), s.status(),
                    ctx.storage.history().findBySession(s.id()).stream().map(SessionHistory.PastAttempt::of).toList(),
                    ctx.storage.audit().findBySession(s.id()).stream().map(AuditLogEntry::of).toList());
        });
    }

    @Override
    public MonitoringRow reshuffle(SessionCommand command) {
        return act(command.actor(), command, AuditAction.SESSION_RESHUFFLED, ExamEvent.Type.SESSION_RESHUFFLED, null,
                c -> c.session().reshuffle(ctx.draw(c.assessment())));
    }

    @Override
    public MonitoringRow pauseSession(SessionCommand command) {
        return act(command.actor(), command, AuditAction.SESSION_PAUSED, ExamEvent.Type.SESSION_PAUSED, null,
                c -> c.session().pause(c.assessment(), c.now()));
    }

    @Override
    public MonitoringRow resumeSession(SessionCommand command) {
        return act(command.actor(), command, AuditAction.SESSION_RESUMED, ExamEvent.Type.SESSION_RESUMED, null,
                c -> c.session().resume(c.now()));
    }

    @Override
    public MonitoringRow extendTime(ExtendTimeCommand command) {
        return act(command.actor(), new SessionCommand(command.actor(), command.sessionId()),
                AuditAction.TIME_EXTENDED, ExamEvent.Type.TIME_EXTENDED, "extraTime +" + command.minutes() + "min",
                c -> c.session().extendTime(command.minutes(), c.now()));
    }

    @Override
    public MonitoringSnapshot closeGroupEarly(AssessmentCommand command) {
        Access.requireStaff(command.actor());
        Assessment target = ctx.storage.transactions().inTransaction(() -> ctx.resolve(command.assessment()));
        // Overdue sessions close by their own expiry policy, exactly as a read would have closed them: first each
        // in its own transaction, then, in the closing one, any that became overdue meanwhile.
        ctx.storage.transactions().inTransaction(() -> ctx.storage.sessions().findByAssessment(target.id()))
                .stream().filter(s -> s.isOverdue(target, ctx.now())).forEach(s -> ctx.expire(s.id()));
        ctx.write(events -> {
            Instant now = ctx.now();
            Assessment assessment = ctx.assessment(target.id());
            ctx.forgetAssessment(target.id());
            Assessment closed = ctx.storage.assessments().update(assessment.closeEarly(now));
            for (ExamSession listed : ctx.storage.sessions().findByAssessment(assessment.id())) {
                ExamSession s = ctx.storage.sessions().findByIdForUpdate(listed.id()).orElseThrow();
                if (s.status().isClosed()) {
                    continue;
                }
                if (s.isOverdue(assessment, now)) {
                    ctx.closeOverdue(s, assessment, now, events);
                    continue;
                }
                Grade grade = s.status().isStarted() ? ctx.grade(s, closed) : null;
                ExamSession stored = ctx.storage.sessions().update(s.forceClose(grade, now));
                ctx.audit(command.actor(), AuditAction.SESSION_FORCE_CLOSED, s, stored, now, "assessment closed early");
                events.add(new ExamEvent(ExamEvent.Type.SESSION_FORCE_CLOSED, assessment.id(), s.id(), now));
            }
            ctx.storage.audit().append(new AuditEvent(now, command.actor(), AuditAction.ASSESSMENT_CLOSED_EARLY,
                    assessment.id(), null, "Open", "Closed", null));
            events.add(new ExamEvent(ExamEvent.Type.ASSESSMENT_CLOSED, assessment.id(), null, now));
            return closed;
        });
        return monitoring.getMonitoringProgress(new MonitoringQuery(command.actor(), command.assessment()));
    }

    private MonitoringRow act(Actor actor, SessionCommand command, AuditAction action, ExamEvent.Type type,
                              String detail, EngineContext.SessionWork<ExamSession> transition) {
        return ctx.onSession(actor, command.sessionId(), Access.STAFF, true, c -> {
            ExamSession changed = transition.apply(c);
            ExamSession stored = ctx.storage.sessions().update(changed);
            ctx.audit(actor, action, c.session(), stored, c.now(), detail);
            c.event(type);
            String name = ctx.storage.participants().findById(stored.participantId())
                    .map(Participant::displayName).orElse(stored.participantId().value());
            return Views.row(stored, c.assessment(), name, c.now());
        });
    }
}
