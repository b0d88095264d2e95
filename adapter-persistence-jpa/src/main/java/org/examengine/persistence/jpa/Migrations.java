package org.examengine.persistence.jpa;

import javax.sql.DataSource;

import org.examengine.schema.ExamSchema;
import org.flywaydb.core.Flyway;

/** The engine's Flyway setup, on the scripts of the {@code exam-schema} module and their own history table. */
final class Migrations {

    private Migrations() {
    }

    /** Applies the pending migrations; returns how many ran. */
    static int migrate(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(ExamSchema.LOCATION)
                .table(ExamSchema.HISTORY_TABLE)
                // A database that already holds a host application's tables is migrated, not refused.
                .baselineOnMigrate(true)
                .baselineVersion(ExamSchema.BASELINE_VERSION)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
