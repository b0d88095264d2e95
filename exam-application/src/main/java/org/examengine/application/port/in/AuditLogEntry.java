package org.examengine.application.port.in;

import java.time.Instant;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.Role;
import org.examengine.domain.shared.SessionId;

/**
 * One audit event as an administrator reads it.
 *
 * @param assessmentId null for events outside any assessment (package import, tokens)
 * @param sessionId    null for events outside any session
 */
public record AuditLogEntry(Instant at, String actorId, Role actorRole, AuditAction action, AssessmentId assessmentId,
                            SessionId sessionId, String before, String after, String detail) {

    public static AuditLogEntry of(AuditEvent e) {
        return new AuditLogEntry(e.at(), e.actor().id(), e.actor().role(), e.action(), e.assessmentId(),
                e.sessionId(), e.before(), e.after(), e.detail());
    }
}
