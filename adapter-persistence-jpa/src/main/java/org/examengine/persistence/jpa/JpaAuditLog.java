package org.examengine.persistence.jpa;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.examengine.application.port.out.AuditLog;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.SessionId;
import org.hibernate.jpa.HibernateHints;

/** The audit log: inserts only, read back in the order of the identity column {@code seq}. */
final class JpaAuditLog implements AuditLog {

    private final JpaTransactions tx;

    JpaAuditLog(JpaTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(AuditEvent event) {
        tx.call(em -> {
            AuditEventEntity entity = AuditEventEntity.of(event);
            em.persist(entity);
            em.flush();
            em.detach(entity);
            return null;
        });
    }

    @Override
    public List<AuditEvent> findBySession(SessionId sessionId) {
        return tx.call(em -> read(em, "e.sessionId", sessionId.value()));
    }

    @Override
    public List<AuditEvent> findByAssessment(AssessmentId assessmentId) {
        return tx.call(em -> read(em, "e.assessmentId", assessmentId.value()));
    }

    @Override
    public List<AuditEvent> findRecent(int limit) {
        return tx.call(em -> {
            List<AuditEventEntity> entities = em.createQuery("select e from AuditEventEntity e order by e.seq desc",
                            AuditEventEntity.class)
                    .setMaxResults(limit)
                    .setHint(HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            List<AuditEvent> events = entities.stream().map(AuditEventEntity::toDomain).toList();
            entities.forEach(em::detach);
            return events;
        });
    }

    private static List<AuditEvent> read(EntityManager em, String column, String value) {
        List<AuditEventEntity> entities = em.createQuery(
                        "select e from AuditEventEntity e where " + column + " = :value order by e.seq",
                        AuditEventEntity.class)
                .setParameter("value", value)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
        List<AuditEvent> events = entities.stream().map(AuditEventEntity::toDomain).toList();
        entities.forEach(em::detach);
        return events;
    }
}
