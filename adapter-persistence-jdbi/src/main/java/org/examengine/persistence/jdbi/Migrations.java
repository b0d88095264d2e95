package org.examengine.persistence.jdbi;

import javax.sql.DataSource;

import org.examengine.schema.ExamSchema;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The engine's Flyway setup, on the scripts of the {@code exam-schema} module. */
final class Migrations {

    static final String LOCATION = ExamSchema.LOCATION;
    static final String HISTORY_TABLE = ExamSchema.HISTORY_TABLE;

    private Migrations() {
    }

    /** The configuration every migration of the engine uses; {@code target} limits it in tests. */
    static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // A database that already holds a host application's tables is migrated, not refused.
                .baselineOnMigrate(true)
                .baselineVersion(ExamSchema.BASELINE_VERSION);
    }

    /** Applies the pending migrations; returns how many ran. */
    static int migrate(DataSource dataSource) {
        return configure(dataSource).load().migrate().migrationsExecuted;
    }
}
