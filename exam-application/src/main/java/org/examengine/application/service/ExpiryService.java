package org.examengine.application.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.examengine.application.port.in.ExpireOverdueSessionsUseCase;
import org.examengine.application.port.in.SystemCommand;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;

/** The expiry sweeper; run it every few seconds from a scheduler of the host's choice. */
public final class ExpiryService implements ExpireOverdueSessionsUseCase {

    private final EngineContext ctx;

    ExpiryService(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public int expireOverdueSessions(SystemCommand command) {
        Access.requireStaff(command.actor());
        List<ExamSession> candidates = ctx.storage.transactions().inTransaction(() ->
                ctx.storage.sessions().findByStatus(Set.of(SessionStatus.IN_PROGRESS, SessionStatus.NOT_STARTED)));
        Map<AssessmentId, Assessment> assessments = new HashMap<>();
        Instant now = ctx.now();
        int closed = 0;
        for (ExamSession s : candidates) {
            Assessment a = assessments.computeIfAbsent(s.assessmentId(),
                    id -> ctx.storage.transactions().inTransaction(() -> ctx.assessment(id)));
            if (s.isOverdue(a, now) && ctx.expire(s.id())) {
                closed++;
            }
        }
        return closed;
    }
}
