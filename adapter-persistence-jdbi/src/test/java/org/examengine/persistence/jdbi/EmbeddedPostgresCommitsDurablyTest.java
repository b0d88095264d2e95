package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL server the tests and benchmarks use runs with durable commits, unlike its
 * default: figures and race results measured on it hold for a production server.
 */
class EmbeddedPostgresCommitsDurablyTest {

    @Test
    void fsyncAndSynchronousCommitAreOnAndOnlyLoopbackIsListenedOn() throws SQLException {
        try (Connection c = EmbeddedPostgresServer.server().getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(s, "listen_addresses")).isEqualTo("127.0.0.1");
        }
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
