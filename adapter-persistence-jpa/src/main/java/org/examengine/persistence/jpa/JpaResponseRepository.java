package org.examengine.persistence.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.examengine.application.port.out.ResponseRepository;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;
import org.hibernate.jpa.HibernateHints;

/**
 * Responses, at most one per (session, question) by the table's primary key. The upsert is one native
 * statement of the dialect that replaces a stored response only when its {@code client_seq} is lower; the
 * delete is one bulk statement. Both bypass the persistence context, so no response entity is kept there
 * after a read, and a read in the same transaction always sees the rows as they are.
 */
final class JpaResponseRepository implements ResponseRepository {

    private final JpaTransactions tx;
    private final Dialect dialect;

    JpaResponseRepository(JpaTransactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    /**
     * A query on both key columns, not a find by the composite id: Hibernate renders that as a row-value
     * comparison, {@code (session_id, question_id) IN ((?, ?))}, for which H2 does not use the primary key and
     * scans the table.
     */
    @Override
    public Optional<Response> find(SessionId sessionId, QuestionId questionId) {
        return tx.call(em -> {
            List<ResponseEntity> found = em.createQuery(
                            "select r from ResponseEntity r where r.sessionId = :s and r.questionId = :q",
                            ResponseEntity.class)
                    .setParameter("s", sessionId.value())
                    .setParameter("q", questionId.value())
                    .setHint(HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            found.forEach(em::detach);
            return found.stream().findFirst().map(ResponseEntity::toDomain);
        });
    }

    /**
     * One statement. On H2 two transactions inserting the same new (session, question) at once can collide;
     * the later one fails with {@code CONCURRENT_UPDATE}, which the engine retries. (The engine's saves lock
     * their session first, so they never collide.)
     */
    @Override
    public void upsert(Response response) {
        tx.call(em -> Upserts.statement(em, dialect.upsertResponse(), ResponseEntity.class)
                .setParameter("session_id", response.sessionId().value())
                .setParameter("question_id", response.questionId().value())
                .setParameter("option_id", response.optionId() == null ? null : response.optionId().value(),
                        String.class)
                .setParameter("client_seq", response.clientSeq())
                .setParameter("saved_at", Columns.micros(response.savedAt()), Instant.class)
                .executeUpdate(), Upserts::collided);
    }

    @Override
    public List<Response> findBySession(SessionId sessionId) {
        return tx.call(em -> {
            List<ResponseEntity> entities = em.createQuery(
                            "select r from ResponseEntity r where r.sessionId = :s", ResponseEntity.class)
                    .setParameter("s", sessionId.value())
                    .setHint(HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            List<Response> responses = entities.stream().map(ResponseEntity::toDomain).toList();
            entities.forEach(em::detach);
            return responses;
        });
    }

    @Override
    public void deleteBySession(SessionId sessionId) {
        tx.call(em -> em.createQuery("delete from ResponseEntity r where r.sessionId = :s")
                .setParameter("s", sessionId.value())
                .executeUpdate());
    }
}
