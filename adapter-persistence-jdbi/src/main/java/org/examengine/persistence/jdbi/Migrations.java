package org.examengine.persistence.jdbi;

import javax.sql.DataSource;

import org.examengine.schema.ExamSchema;
import org.examengine.schema.SchemaMigrations;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The engine's Flyway setup, on the scripts of the {@code exam-schema} module. */
final class Migrations {

    static final String LOCATION = ExamSchema.LOCATION;
    static final String HISTORY_TABLE = ExamSchema.HISTORY_TABLE;

    private Migrations() {
    }

    /** The configuration every migration of the engine uses; {@code target} limits it in tests. */
    static FluentConfiguration configure(DataSource dataSource) {
        return SchemaMigrations.configure(dataSource);
    }

    /** Applies the pending migrations, refusing a schema a newer engine migrated; returns how many ran. */
    static int migrate(DataSource dataSource) {
        return SchemaMigrations.migrate(dataSource);
    }
}
