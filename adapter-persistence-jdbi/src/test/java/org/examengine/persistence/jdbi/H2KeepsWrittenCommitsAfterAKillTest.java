package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine's durability on an H2 file rests on, checked on the H2 version it ships with: a commit that H2 has
 * written to its file ({@code CHECKPOINT SYNC}) is there when the file is opened again after the process was killed,
 * also on a file that was opened, written to much and closed several times before (where H2 writes into the file's
 * free space). H2 2.5.252 fails this: the row comes back as it was before the commit.
 */
class H2KeepsWrittenCommitsAfterAKillTest {

    private static final int ROWS = 3_000;
    private static final int UPDATES = 9_000;

    @TempDir
    Path tempDir;

    @Test
    void aCommitWrittenToTheFileOfALongUsedDatabaseSurvivesAKill() throws Exception {
        Path database = tempDir.resolve("db");
        String url = url(database);
        for (int day = 1; day <= 3; day++) {
            useForADay(url, "day-" + day);
        }
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement insert = connection.createStatement()) {
            insert.execute("INSERT INTO rows_of_days VALUES ('watched', 'last', 'NOT_STARTED', 0, 'z')");
        }

        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                H2KeepsWrittenCommitsAfterAKillTest.class.getName(), url))
                .redirectErrorStream(true).redirectOutput(tempDir.resolve("writer.out").toFile()).start();
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as("the writer halted").isTrue();
        assertThat(writer.exitValue()).as("halted after its commit was written (see writer.out)").isEqualTo(9);

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT status FROM rows_of_days WHERE id = 'watched'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("the committed and written change").isEqualTo("IN_PROGRESS");
        }
    }

    /** The writer: changes the watched row, commits, has H2 write and sync its file, then halts at once. */
    public static void main(String[] args) throws SQLException {
        Connection connection = DriverManager.getConnection(args[0], "sa", "");
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            int changed = statement.executeUpdate("UPDATE rows_of_days SET status = 'IN_PROGRESS', seen = seen + 1 "
                    + "WHERE id = 'watched'");
            connection.commit();
            statement.execute("CHECKPOINT SYNC");
            System.out.println("changed " + changed + ", committed and written");
        }
        System.out.flush();
        // As a kill does: no shutdown hook, no close, nothing more written by H2.
        Runtime.getRuntime().halt(changed(connection) ? 9 : 1);
    }

    private static boolean changed(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT status FROM rows_of_days WHERE id = 'watched'")) {
            return row.next() && "IN_PROGRESS".equals(row.getString(1));
        }
    }

    /**
     * Opens the database, adds rows and changes them in many small commits, and closes it. (The sizes and the shape
     * are those found to lay out the file so that H2 2.5.252 loses the commit: smaller ones did not.)
     */
    private static void useForADay(String url, String day) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS rows_of_days (id VARCHAR(100) PRIMARY KEY, "
                        + "day_name VARCHAR(100), status VARCHAR(20), seen BIGINT, note VARCHAR(200))");
                ddl.execute("CREATE INDEX IF NOT EXISTS ix_rows_of_days_day ON rows_of_days (day_name)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "MERGE INTO rows_of_days KEY (id) VALUES (?, ?, 'NOT_STARTED', 0, ?)");
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE rows_of_days SET seen = seen + 1, note = ? WHERE id = ?")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setString(1, day + "-" + i);
                    insert.setString(2, day);
                    insert.setString(3, "x".repeat(100 + i % 50));
                    insert.executeUpdate();
                    if (i % 10 == 0) {
                        connection.commit();
                    }
                }
                connection.commit();
                for (int i = 0; i < UPDATES; i++) {
                    update.setString(1, "y".repeat(50 + i % 100));
                    update.setString(2, day + "-" + i % ROWS);
                    update.executeUpdate();
                    connection.commit();
                }
            }
        }
    }

    /** The engine's URL of an H2 file database (its settings: H2 writes the file only when asked to). */
    private static String url(Path database) {
        return JdbiExamStorage.h2Url(database, JdbiExamStorage.H2_SETTINGS);
    }
}
