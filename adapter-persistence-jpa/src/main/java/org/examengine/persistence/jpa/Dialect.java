package org.examengine.persistence.jpa;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The native SQL that differs between the supported databases; the only place that knows which one runs.
 * H2 refuses {@code INSERT ... ON CONFLICT ... DO UPDATE} even in its PostgreSQL mode, so it gets a
 * {@code MERGE}; PostgreSQL gets {@code ON CONFLICT}, which is safe against concurrent inserts of one key.
 */
enum Dialect {

    H2(
            """
            MERGE INTO responses t
            USING (VALUES (CAST(:sessionId AS VARCHAR(100)), CAST(:questionId AS VARCHAR(100)),
                           CAST(:optionId AS VARCHAR(100)), CAST(:clientSeq AS BIGINT),
                           CAST(:savedAt AS TIMESTAMP(6) WITH TIME ZONE)))
                  AS s (session_id, question_id, option_id, client_seq, saved_at)
            ON t.session_id = s.session_id AND t.question_id = s.question_id
            WHEN MATCHED AND t.client_seq < s.client_seq THEN
                UPDATE SET option_id = s.option_id, client_seq = s.client_seq, saved_at = s.saved_at
            WHEN NOT MATCHED THEN
                INSERT (session_id, question_id, option_id, client_seq, saved_at)
                VALUES (s.session_id, s.question_id, s.option_id, s.client_seq, s.saved_at)
            """,
            """
            MERGE INTO participants (id, display_name, employee_number, email)
            KEY (id)
            VALUES (:id, :displayName, :employeeNumber, :email)
            """,
            "title"),

    POSTGRESQL(
            """
            INSERT INTO responses (session_id, question_id, option_id, client_seq, saved_at)
            VALUES (:sessionId, :questionId, :optionId, :clientSeq, :savedAt)
            ON CONFLICT (session_id, question_id) DO UPDATE
                SET option_id = excluded.option_id, client_seq = excluded.client_seq, saved_at = excluded.saved_at
                WHERE responses.client_seq < excluded.client_seq
            """,
            """
            INSERT INTO participants (id, display_name, employee_number, email)
            VALUES (:id, :displayName, :employeeNumber, :email)
            ON CONFLICT (id) DO UPDATE
                SET display_name = excluded.display_name, employee_number = excluded.employee_number,
                    email = excluded.email
            """,
            // Java's String order whatever collation the database was created with.
            "title COLLATE \"C\"");

    private final String upsertResponse;
    private final String upsertParticipant;
    private final String titleOrder;

    Dialect(String upsertResponse, String upsertParticipant, String titleOrder) {
        this.upsertResponse = upsertResponse;
        this.upsertParticipant = upsertParticipant;
        this.titleOrder = titleOrder;
    }

    /**
     * One statement that inserts a response or replaces the stored one only when its {@code client_seq} is
     * lower. Parameters: sessionId, questionId, optionId, clientSeq, savedAt.
     */
    String upsertResponse() {
        return upsertResponse;
    }

    /** One statement that inserts or replaces a participant. Parameters: id, displayName, employeeNumber, email. */
    String upsertParticipant() {
        return upsertParticipant;
    }

    /** The SQL expression that orders assessments by title as Java compares strings. */
    String titleOrder() {
        return titleOrder;
    }

    /** The dialect of the database behind a Hibernate persistence unit. */
    static Dialect of(EntityManagerFactory emf) {
        org.hibernate.dialect.Dialect hibernate = emf.unwrap(SessionFactoryImplementor.class)
                .getJdbcServices().getDialect();
        if (hibernate instanceof H2Dialect) {
            return H2;
        }
        if (hibernate instanceof PostgreSQLDialect) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database dialect: " + hibernate.getClass().getSimpleName()
                + " (the JPA storage supports H2 and PostgreSQL)");
    }
}
