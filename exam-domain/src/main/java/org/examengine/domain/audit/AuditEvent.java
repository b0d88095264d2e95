package org.examengine.domain.audit;

import java.time.Instant;
import java.util.Optional;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/**
 * One appended line of the audit log: who did what, when, and the state before and after.
 *
 * @param assessmentId null only for events outside any assessment (package import, tokens)
 * @param sessionId    null for assessment-wide events
 * @param before       short description of the state before (typically the status), may be null
 * @param after        short description of the state after, may be null
 * @param detail       free text such as {@code "extraTimeSeconds +600"}, may be null
 */
public record AuditEvent(Instant at, Actor actor, AuditAction action, AssessmentId assessmentId,
                         SessionId sessionId, String before, String after, String detail) {

    public AuditEvent {
        Require.notNull(at, "at");
        Require.notNull(actor, "actor");
        Require.notNull(action, "action");
    }

    public Optional<SessionId> session() {
        return Optional.ofNullable(sessionId);
    }
}
