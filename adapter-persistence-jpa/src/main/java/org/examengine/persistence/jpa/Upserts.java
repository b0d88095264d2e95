package org.examengine.persistence.jpa;

import jakarta.persistence.EntityManager;

import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.hibernate.query.NativeQuery;

/** The dialect's one-statement upserts, run as native statements next to the entities they write. */
final class Upserts {

    private Upserts() {
    }

    /**
     * A native statement that writes the table of {@code entity}: declaring it lets Hibernate flush pending
     * changes of that table only, before the statement runs.
     */
    static NativeQuery<?> statement(EntityManager em, String sql, Class<?> entity) {
        NativeQuery<?> query = em.createNativeQuery(sql).unwrap(NativeQuery.class);
        return query.addSynchronizedEntityClass(entity);
    }

    /**
     * An upsert violates its key only when another transaction inserted the same new key between the
     * statement's check and its insert (H2's {@code MERGE} works that way; PostgreSQL's {@code ON CONFLICT}
     * never does): a lost race. Running the transaction again finds the row and updates it.
     */
    static ExamException collided(RuntimeException failure) {
        return new ExamException(ErrorCode.CONCURRENT_UPDATE,
                "another transaction inserted the same key at the same time; retry");
    }
}
