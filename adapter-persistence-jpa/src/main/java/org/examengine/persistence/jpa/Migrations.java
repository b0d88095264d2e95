package org.examengine.persistence.jpa;

import javax.sql.DataSource;

import org.examengine.schema.SchemaMigrations;

/** The engine's Flyway setup, on the scripts of the {@code exam-schema} module and their own history table. */
final class Migrations {

    private Migrations() {
    }

    /** Applies the pending migrations, refusing a schema a newer engine migrated; returns how many ran. */
    static int migrate(DataSource dataSource) {
        return SchemaMigrations.migrate(dataSource);
    }
}
