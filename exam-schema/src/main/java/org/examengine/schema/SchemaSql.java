package org.examengine.schema;

/**
 * The statements on the engine's schema that differ between the supported databases, shared by every relational
 * storage adapter. H2 refuses {@code INSERT ... ON CONFLICT ... DO UPDATE} even in its PostgreSQL mode, so it gets
 * a {@code MERGE}; PostgreSQL gets {@code ON CONFLICT}, which is safe against concurrent inserts of one key.
 * Parameters are named ({@code :name}) in snake case, after their columns.
 */
public enum SchemaSql {

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
            "title, id"),

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
            "title COLLATE \"C\", id COLLATE \"C\"");

    private final String upsertResponse;
    private final String upsertParticipant;
    private final String titleThenIdOrder;

    SchemaSql(String upsertResponse, String upsertParticipant, String titleThenIdOrder) {
        this.upsertResponse = upsertResponse;
        this.upsertParticipant = upsertParticipant;
        this.titleThenIdOrder = titleThenIdOrder;
    }

    /**
     * One statement that inserts a response, or replaces the stored one only when its {@code client_seq} is lower.
     * Parameters: session_id, question_id, option_id, client_seq, saved_at.
     */
    public String upsertResponse() {
        return upsertResponse;
    }

    /** One statement that inserts or replaces a participant. Parameters: id, display_name, employee_number, email. */
    public String upsertParticipant() {
        return upsertParticipant;
    }

    /** The SQL that orders assessments by title, then id, as Java compares strings (as the in-memory store does). */
    public String titleThenIdOrder() {
        return titleThenIdOrder;
    }
}
