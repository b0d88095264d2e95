package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.shared.SessionId;
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSchemaThatANewerEngineMigratedIsRefusedAndLeftAsItIs(Backend backend) throws SQLException {
        try (JdbiExamStorage storage = backend.fresh(tempDir).migrate()) {
            try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO \"" + Migrations.HISTORY_TABLE + "\" (\"installed_rank\", \"version\", "
                        + "\"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", "
                        + "\"success\") VALUES (99, '99', 'from a newer "
                        + "engine', 'SQL', 'V99__from_a_newer_engine.sql', 0, 'newer', 1, TRUE)");
            }

            int recorded = historyRows(storage);

            assertThatThrownBy(storage::migrate).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("schema is at version 99").hasMessageContaining("up to 3");
            assertThat(historyRows(storage)).as("nothing recorded").isEqualTo(recorded);
        }
    }

    private static int historyRows(JdbiExamStorage storage) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + Migrations.HISTORY_TABLE + "\"")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aUrlNamingASchemaOfItsOwnKeepsTheEngineApartFromAHostTableOfTheSameName(Backend backend)
            throws SQLException {
        String url = backend.freshUrl(tempDir);
        try (Connection host = DriverManager.getConnection(url, backend.user(), "");
             Statement s = host.createStatement()) {
            s.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, note VARCHAR(50))");
            s.execute("INSERT INTO sessions VALUES (1, 'the host application''s own')");
            s.execute("CREATE SCHEMA exam");
        }

        try (JdbiExamStorage storage = JdbiExamStorage.connect(backend.inSchema(url, "exam"), backend.user(), "")
                .migrate()) {
            ExamPackage pkg = Fixtures.pkg("pkg-1", 3);
            storage.transactions().inTransaction(() -> {
                storage.packages().insert(pkg);
                storage.assessments().insert(Fixtures.assessment("asmt-1", "Forklift", pkg.id()));
                storage.participants().upsert(Fixtures.participant("w-1"));
                storage.sessions().insertAll(List.of(Fixtures.session("s-1", "asmt-1", "w-1", pkg)));
                return null;
            });
            assertThat(storage.sessions().findById(SessionId.of("s-1"))).isPresent();
        }

        try (Connection host = DriverManager.getConnection(url, backend.user(), "");
             Statement s = host.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, note FROM sessions")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("note")).isEqualTo("the host application's own");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT participant_id FROM exam.sessions")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("w-1");
            }
            // Nothing of the engine's, not even its migration history, is in the host's schema.
            try (ResultSet rs = host.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                List<String> outside = new ArrayList<>();
                while (rs.next()) {
                    if (!rs.getString("TABLE_SCHEM").equalsIgnoreCase("exam")
                            && !rs.getString("TABLE_SCHEM").equalsIgnoreCase("information_schema")) {
                        outside.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                assertThat(outside).containsExactly("sessions");
            }
        }
    }
}
