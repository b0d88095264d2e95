package org.examengine.persistence.jpa;

import java.util.List;
import java.util.Optional;

import org.examengine.application.port.out.ParticipantRepository;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.hibernate.jpa.HibernateHints;

/**
 * Participants. The upsert is one native statement of the dialect; since it bypasses the persistence
 * context, no participant entity is kept there after a read, so none can go stale.
 */
final class JpaParticipantRepository implements ParticipantRepository {

    private final JpaTransactions tx;
    private final Dialect dialect;

    JpaParticipantRepository(JpaTransactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    /**
     * Inserts or replaces the participant in one statement. On H2 two transactions inserting the same new
     * participant at once can collide; the later one fails with {@code CONCURRENT_UPDATE}, which the engine
     * retries.
     */
    @Override
    public void upsert(Participant participant) {
        tx.call(em -> Upserts.statement(em, dialect.upsertParticipant(), ParticipantEntity.class)
                .setParameter("id", participant.id().value())
                .setParameter("display_name", participant.displayName())
                .setParameter("employee_number", participant.employeeNumber(), String.class)
                .setParameter("email", participant.email(), String.class)
                .executeUpdate(), Upserts::collided);
    }

    @Override
    public Optional<Participant> findById(ParticipantId id) {
        return tx.call(em -> {
            ParticipantEntity entity = JpaTransactions.find(em, ParticipantEntity.class, id.value(), null);
            if (entity == null) {
                return Optional.empty();
            }
            em.detach(entity);
            return Optional.of(entity.toDomain());
        });
    }

    /**
     * One statement joining the sessions of the assessment (along their unique (assessment, participant) index)
     * to the participants' primary key; H2 would evaluate the equivalent {@code IN (subquery)} against the whole
     * participants table. A participant has at most one session per assessment, so none comes twice.
     */
    @Override
    public List<Participant> findByAssessment(AssessmentId assessmentId) {
        return tx.call(em -> {
            List<ParticipantEntity> entities = em.createQuery("""
                            select p from SessionEntity s join ParticipantEntity p on p.id = s.participantId
                            where s.assessmentId = :a
                            """, ParticipantEntity.class)
                    .setParameter("a", assessmentId.value())
                    .setHint(HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            List<Participant> participants = entities.stream().map(ParticipantEntity::toDomain).toList();
            entities.forEach(em::detach);
            return participants;
        });
    }
}
