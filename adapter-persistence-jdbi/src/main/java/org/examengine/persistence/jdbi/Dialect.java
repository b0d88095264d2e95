package org.examengine.persistence.jdbi;

import java.util.Locale;

import org.examengine.schema.SchemaSql;

/**
 * Which database runs, and so which of the schema's statements that differ between databases ({@link SchemaSql})
 * this adapter uses, and how its upserts behave under concurrent inserts of one key.
 */
enum Dialect {

    H2(SchemaSql.H2, true),
    POSTGRESQL(SchemaSql.POSTGRESQL, false);

    private final SchemaSql sql;
    private final String upsertResponseByPosition;
    private final boolean upsertMayCollide;

    Dialect(SchemaSql sql, boolean upsertMayCollide) {
        this.sql = sql;
        this.upsertMayCollide = upsertMayCollide;
        this.upsertResponseByPosition = PositionalSql.byPosition(sql.upsertResponse(),
                PositionalSql.UPSERT_RESPONSE_PARAMETERS);
    }

    /**
     * Inserts a response or replaces the stored one only when its {@code client_seq} is lower, in one statement
     * ({@link SchemaSql#upsertResponse()}), with {@code ?} for its parameters in the order of
     * {@link PositionalSql#UPSERT_RESPONSE_PARAMETERS}: every save runs it, so it is bound straight on JDBC.
     */
    String upsertResponseByPosition() {
        return upsertResponseByPosition;
    }

    /** Inserts or replaces a participant. Named parameters: id, display_name, employee_number, email. */
    String upsertParticipant() {
        return sql.upsertParticipant();
    }

    /** The SQL that orders assessments by title, then id, the way Java compares strings. */
    String titleThenIdOrder() {
        return sql.titleThenIdOrder();
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
