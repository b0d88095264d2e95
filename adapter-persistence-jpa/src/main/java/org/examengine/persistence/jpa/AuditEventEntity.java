package org.examengine.persistence.jpa;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Role;
import org.examengine.domain.shared.SessionId;

/** A row of {@code audit_events}: appended, never changed; {@code seq} gives the order of appends. */
@Entity
@Table(name = "audit_events")
class AuditEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "seq")
    private Long seq;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "actor_id", length = 200, nullable = false)
    private String actorId;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_role", length = 20, nullable = false)
    private Role actorRole;

    @Enumerated(EnumType.STRING)
    @Column(name = "action", length = 40, nullable = false)
    private AuditAction action;

    @Column(name = "assessment_id", length = 100)
    private String assessmentId;

    @Column(name = "session_id", length = 100)
    private String sessionId;

    @Column(name = "before_state")
    private String beforeState;

    @Column(name = "after_state")
    private String afterState;

    @Column(name = "detail")
    private String detail;

    protected AuditEventEntity() {
    }

    static AuditEventEntity of(AuditEvent event) {
        AuditEventEntity entity = new AuditEventEntity();
        entity.occurredAt = Columns.micros(event.at());
        entity.actorId = event.actor().id();
        entity.actorRole = event.actor().role();
        entity.action = event.action();
        entity.assessmentId = event.assessmentId() == null ? null : event.assessmentId().value();
        entity.sessionId = event.sessionId() == null ? null : event.sessionId().value();
        entity.beforeState = event.before();
        entity.afterState = event.after();
        entity.detail = event.detail();
        return entity;
    }

    AuditEvent toDomain() {
        return new AuditEvent(occurredAt, new Actor(actorId, actorRole), action,
                assessmentId == null ? null : AssessmentId.of(assessmentId),
                sessionId == null ? null : SessionId.of(sessionId), beforeState, afterState, detail);
    }
}
