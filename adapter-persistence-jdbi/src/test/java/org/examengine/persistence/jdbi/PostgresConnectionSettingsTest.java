package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PgConnection;

/** The pool's PostgreSQL connections: a silent network fails a statement in time, and a lock is not waited for long. */
class PostgresConnectionSettingsTest {

    @Test
    void pooledConnectionsTimeOutASilentReadKeepTcpAliveAndBoundLockWaits() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        try (JdbiExamStorage storage = JdbiExamStorage.connect(url, EmbeddedPostgresServer.USER, "", 2)) {
            HikariDataSource pool = (HikariDataSource) storage.dataSource();
            assertThat(pool.getKeepaliveTime()).isEqualTo(60_000);
            assertThat(pool.getDataSourceProperties()).containsEntry("tcpKeepAlive", "true");
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet lockTimeout = st.executeQuery("SHOW lock_timeout")) {
                PgConnection pg = c.unwrap(PgConnection.class);
                assertThat(pg.getQueryExecutor().getNetworkTimeout()).as("socket timeout, ms").isEqualTo(60_000);
                lockTimeout.next();
                assertThat(lockTimeout.getString(1)).isEqualTo("10s");
            }
        }
    }

    @Test
    void aSocketTimeoutInTheUrlWinsOverTheEnginesOwn() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        String withTimeout = url + (url.contains("?") ? "&" : "?") + "socketTimeout=5";
        try (JdbiExamStorage storage = JdbiExamStorage.connect(withTimeout, EmbeddedPostgresServer.USER, "", 2);
             Connection c = storage.dataSource().getConnection()) {
            assertThat(c.unwrap(PgConnection.class).getQueryExecutor().getNetworkTimeout()).isEqualTo(5_000);
        }
    }
}
