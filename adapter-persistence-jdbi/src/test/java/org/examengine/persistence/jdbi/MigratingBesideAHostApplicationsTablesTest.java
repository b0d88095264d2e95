package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.examengine.domain.participant.ParticipantId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine's schema goes into a database that already holds a host application's tables, beside them. */
class MigratingBesideAHostApplicationsTablesTest {

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theEngineMigratesADatabaseWithOtherTablesAndLeavesThemAlone(Backend backend) throws SQLException {
        try (JdbiExamStorage storage = backend.fresh(tempDir)) {
            try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE host_orders (id INTEGER PRIMARY KEY, item VARCHAR(50))");
                s.execute("INSERT INTO host_orders VALUES (1, 'forklift')");
            }

            storage.migrate();

            assertThat(storage.participants().findById(ParticipantId.of("nobody"))).isEmpty();
            try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT item FROM host_orders WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("forklift");
            }
            // Migrating again changes nothing.
            assertThat(Migrations.migrate(storage.dataSource())).isZero();
        }
    }
}
