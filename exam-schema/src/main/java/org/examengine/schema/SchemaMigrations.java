package org.examengine.schema;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The one Flyway setup of the engine's schema, used by every relational storage adapter. */
public final class SchemaMigrations {

    private SchemaMigrations() {
    }

    /** The configuration every migration of the engine uses; tests may narrow it (a {@code target}). */
    public static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(ExamSchema.LOCATION)
                .table(ExamSchema.HISTORY_TABLE)
                // A database that already holds a host application's tables is migrated, not refused.
                .baselineOnMigrate(true)
                .baselineVersion(ExamSchema.BASELINE_VERSION);
    }

    /**
     * Applies the pending migrations; returns how many ran.
     *
     * @throws IllegalStateException when a newer engine has migrated the schema past this one's migrations: this
     *                               engine would read and write rows whose meaning it does not know
     */
    public static int migrate(DataSource dataSource) {
        Flyway flyway = configure(dataSource).load();
        refuseNewerSchema(flyway.info());
        return flyway.migrate().migrationsExecuted;
    }

    private static void refuseNewerSchema(MigrationInfoService info) {
        String newest = null;
        for (MigrationInfo m : info.all()) {
            if (m.getState().isResolved() && m.getVersion() != null) {
                newest = m.getVersion().getVersion();
            }
        }
        for (MigrationInfo m : info.applied()) {
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                throw new IllegalStateException("the database's schema is at version " + info.current().getVersion()
                        + ", newer than this engine's migrations (up to " + newest + "): run the exam-engine that "
                        + "migrated it, or a newer one");
            }
        }
    }
}
