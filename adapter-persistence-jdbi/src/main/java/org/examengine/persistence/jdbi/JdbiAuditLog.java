package org.examengine.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.examengine.application.port.out.AuditLog;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Role;
import org.examengine.domain.shared.SessionId;

/** The audit log: inserts only, read back in the order of the identity column {@code seq}. */
final class JdbiAuditLog implements AuditLog {

    private static final String COLUMNS = """
            occurred_at, actor_id, actor_role, action, assessment_id, session_id, before_state, after_state, detail
            """;

    private final JdbiTransactions tx;

    JdbiAuditLog(JdbiTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(AuditEvent event) {
        tx.write(h -> h.createUpdate("INSERT INTO audit_events (" + COLUMNS + ") VALUES ("
                        + COLUMNS.replaceAll("(\\w+)", ":$1") + ")")
                .bind("occurred_at", Columns.instant(event.at()))
                .bind("actor_id", event.actor().id())
                .bind("actor_role", event.actor().role().name())
                .bind("action", event.action().name())
                .bind("assessment_id", event.assessmentId() == null ? null : event.assessmentId().value())
                .bind("session_id", event.sessionId() == null ? null : event.sessionId().value())
                .bind("before_state", event.before())
                .bind("after_state", event.after())
                .bind("detail", event.detail())
                .execute());
    }

    @Override
    public List<AuditEvent> findBySession(SessionId sessionId) {
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_events WHERE session_id = :id ORDER BY seq")
                .bind("id", sessionId.value()).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<AuditEvent> findByAssessment(AssessmentId assessmentId) {
        return tx.call(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM audit_events WHERE assessment_id = :id ORDER BY seq")
                .bind("id", assessmentId.value()).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<AuditEvent> findRecent(int limit) {
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_events ORDER BY seq DESC LIMIT :limit")
                .bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    private static AuditEvent map(ResultSet rs) throws SQLException {
        String assessment = rs.getString("assessment_id");
        String session = rs.getString("session_id");
        return new AuditEvent(Columns.instant(rs, "occurred_at"),
                new Actor(rs.getString("actor_id"), Role.valueOf(rs.getString("actor_role"))),
                AuditAction.valueOf(rs.getString("action")),
                assessment == null ? null : AssessmentId.of(assessment),
                session == null ? null : SessionId.of(session),
                rs.getString("before_state"), rs.getString("after_state"), rs.getString("detail"));
    }
}
