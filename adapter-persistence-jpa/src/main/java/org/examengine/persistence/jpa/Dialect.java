package org.examengine.persistence.jpa;

import org.examengine.schema.SchemaSql;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import jakarta.persistence.EntityManagerFactory;

/**
 * Which database runs behind the persistence unit, and so which of the schema's native statements
 * ({@link SchemaSql}) this adapter uses; the only place that knows.
 */
enum Dialect {

    H2(SchemaSql.H2),
    POSTGRESQL(SchemaSql.POSTGRESQL);

    private final SchemaSql sql;

    Dialect(SchemaSql sql) {
        this.sql = sql;
    }

    /**
     * One statement that inserts a response or replaces the stored one only when its {@code client_seq} is
     * lower. Parameters: session_id, question_id, option_id, client_seq, saved_at.
     */
    String upsertResponse() {
        return sql.upsertResponse();
    }

    /** One statement that inserts or replaces a participant. Parameters: id, display_name, employee_number, email. */
    String upsertParticipant() {
        return sql.upsertParticipant();
    }

    /** The SQL that orders assessments by title, then id, as Java compares strings. */
    String titleThenIdOrder() {
        return sql.titleThenIdOrder();
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
