package org.examengine.persistence.jpa;

import java.util.List;

import org.examengine.application.port.out.AttemptHistoryRepository;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.shared.SessionId;
import org.hibernate.jpa.HibernateHints;

/** Previous attempts with their responses, append-only, read back in one statement in the order of appends. */
final class JpaAttemptHistoryRepository implements AttemptHistoryRepository {

    private final JpaTransactions tx;

    JpaAttemptHistoryRepository(JpaTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(AttemptRecord attempt) {
        tx.call(em -> {
            AttemptEntity entity = AttemptEntity.of(attempt);
            em.persist(entity);
            em.flush();
            em.detach(entity);
            return null;
        });
    }

    @Override
    public List<AttemptRecord> findBySession(SessionId sessionId) {
        return tx.call(em -> {
            List<AttemptEntity> entities = em.createQuery("""
                            select a from AttemptEntity a left join fetch a.responses
                            where a.sessionId = :s order by a.id
                            """, AttemptEntity.class)
                    .setParameter("s", sessionId.value())
                    .setHint(HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            List<AttemptRecord> records = entities.stream().map(AttemptEntity::toDomain).toList();
            entities.forEach(em::detach);
            return records;
        });
    }
}
