package org.examengine.persistence.jdbi;

import java.util.Locale;

/**
 * The SQL that differs between the supported databases; every other statement is shared. The upserts differ
 * because H2 rejects {@code INSERT ... ON CONFLICT ... DO UPDATE} (even in its PostgreSQL mode), while
 * PostgreSQL's {@code MERGE} is not safe against concurrent inserts of the same key.
 */
enum Dialect {

    H2(
            """
            MERGE INTO responses t
            USING (VALUES (CAST(:session_id AS VARCHAR(100)), CAST(:question_id AS VARCHAR(100)),
                           CAST(:option_id AS VARCHAR(100)), CAST(:client_seq AS BIGINT),
                           CAST(:saved_at AS TIMESTAMP(6) WITH TIME ZONE)))
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
            VALUES (:id, :display_name, :employee_number, :email)
            """,
            "title",
            true),

    POSTGRESQL(
            """
            INSERT INTO responses (session_id, question_id, option_id, client_seq, saved_at)
            VALUES (:session_id, :question_id, :option_id, :client_seq, :saved_at)
            ON CONFLICT (session_id, question_id) DO UPDATE
                SET option_id = excluded.option_id, client_seq = excluded.client_seq, saved_at = excluded.saved_at
                WHERE responses.client_seq < excluded.client_seq
            """,
            """
            INSERT INTO participants (id, display_name, employee_number, email)
            VALUES (:id, :display_name, :employee_number, :email)
            ON CONFLICT (id) DO UPDATE
                SET display_name = excluded.display_name, employee_number = excluded.employee_number,
                    email = excluded.email
            """,
            // Code-point order, as Java's String comparison, whatever locale the database was created with.
            "title COLLATE \"C\"",
            false);

    private final String upsertResponse;
    private final String upsertParticipant;
    private final String titleOrder;
    private final boolean upsertMayCollide;

    Dialect(String upsertResponse, String upsertParticipant, String titleOrder, boolean upsertMayCollide) {
        this.upsertResponse = upsertResponse;
        this.upsertParticipant = upsertParticipant;
        this.titleOrder = titleOrder;
        this.upsertMayCollide = upsertMayCollide;
    }

    /**
     * Inserts a response or replaces the stored one only when its {@code client_seq} is lower, in one statement.
     * Named parameters: session_id, question_id, option_id, client_seq, saved_at.
     */
    String upsertResponse() {
        return upsertResponse;
    }

    /** Inserts or replaces a participant. Named parameters: id, display_name, employee_number, email. */
    String upsertParticipant() {
        return upsertParticipant;
    }

    /** The expression that orders assessments by title the way Java compares strings. */
    String titleOrder() {
        return titleOrder;
    }

    /**
     * Whether two concurrent upserts of a new key can both decide to insert, so that the later one fails on
     * the unique key and must run again (then finding the row). H2's MERGE works that way; PostgreSQL's
     * {@code ON CONFLICT} never does.
     */
    boolean upsertMayCollide() {
        return upsertMayCollide;
    }

    /** The dialect of a database, from the product name its JDBC driver reports. */
    static Dialect fromProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database: " + productName
                + " (the JDBI storage supports H2 and PostgreSQL)");
    }
}
