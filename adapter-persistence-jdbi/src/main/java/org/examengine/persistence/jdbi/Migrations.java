package org.examengine.persistence.jdbi;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The engine's Flyway setup. Its scripts and history table have names of their own, so that a host
 * application can run its own Flyway migrations on the same database without either seeing the other's.
 */
final class Migrations {

    /** Where the scripts are: a root of its own, as Flyway also scans the folders below a location. */
    static final String LOCATION = "classpath:db/exam-engine/migration";

    /** Flyway's history table for the engine's schema. */
    static final String HISTORY_TABLE = "exam_schema_history";

    private Migrations() {
    }

    /** The configuration every migration of the engine uses; {@code target} limits it in tests. */
    static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE);
    }

    /** Applies the pending migrations; returns how many ran. */
    static int migrate(DataSource dataSource) {
        return configure(dataSource).load().migrate().migrationsExecuted;
    }
}
