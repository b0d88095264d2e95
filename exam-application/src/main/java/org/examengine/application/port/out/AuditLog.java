package org.examengine.application.port.out;

import java.util.List;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.SessionId;

/** Append-only audit log. Nothing is ever updated or deleted. */
public interface AuditLog {

    void append(AuditEvent event);

    /** Events of one session in the order they were appended. */
    List<AuditEvent> findBySession(SessionId sessionId);

    /** Events of one assessment and its sessions in the order they were appended. */
    List<AuditEvent> findByAssessment(AssessmentId assessmentId);

    /** The {@code limit} events appended last, of every kind (tokens and packages too), newest first. */
    List<AuditEvent> findRecent(int limit);
}
