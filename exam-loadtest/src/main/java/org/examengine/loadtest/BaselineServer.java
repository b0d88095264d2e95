package org.examengine.loadtest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.javalin.Javalin;

/**
 * The baseline the engine's save throughput is compared with: a bare Javalin handler that reads the same
 * SaveAnswer request body as the engine, does one upsert of the response row and answers a small JSON document,
 * and nothing else (no authentication, no session, no transaction beyond the upsert's own commit), with a HikariCP
 * pool of 10 connections, as the engine has.
 *
 * <p>On H2 (a directory as second argument): an H2 file database with the engine's lock timeout and statement cache
 * ({@link DatabaseAudit#ENGINE_H2_SETTINGS}) and H2's {@code MERGE}. Unlike the engine, it does not wait for its
 * commit to be in the file: H2 writes the file in the background (every 500 ms by default), so the baseline pays
 * nothing for durability. On PostgreSQL (a JDBC URL, user {@link RunDatabase#POSTGRES_USER}): {@code INSERT ... ON
 * CONFLICT DO UPDATE}, each commit waiting for its WAL flush as the server is configured.
 *
 * <p>Run as its own JVM by the harness:
 * {@code java -cp loadtest.jar org.examengine.loadtest.BaselineServer PORT DIRECTORY|JDBC-URL}; it listens on
 * 127.0.0.1 until it is stopped (SIGTERM).
 */
public final class BaselineServer {

    record SaveBody(String questionId, String optionId, Integer pageIndex, Long clientSeq) {
    }

    record Saved(String sessionId, String questionId, String optionId, long clientSeq, String savedAt,
                 boolean applied) {
    }

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BaselineServer PORT DIRECTORY|JDBC-URL");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        boolean postgresql = args[1].startsWith("jdbc:postgresql:");
        HikariConfig config = new HikariConfig();
        if (postgresql) {
            config.setJdbcUrl(args[1]);
            config.setUsername(RunDatabase.POSTGRES_USER);
        } else {
            config.setJdbcUrl(DatabaseAudit.h2Url(Path.of(args[1])).replace("exam-engine", "baseline"));
            config.setUsername("sa");
        }
        config.setPassword("");
        config.setMaximumPoolSize(10);
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS responses (session_id VARCHAR(100) NOT NULL, "
                    + "question_id VARCHAR(100) NOT NULL, option_id VARCHAR(100), client_seq BIGINT NOT NULL, "
                    + "saved_at TIMESTAMP(6) WITH TIME ZONE NOT NULL, PRIMARY KEY (session_id, question_id))");
        }
        ObjectMapper json = new ObjectMapper();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = JavaProcess.HOST;
            cfg.jetty.port = port;
            cfg.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
            cfg.routes.post("/api/sessions/{sessionId}/answers", ctx -> {
                SaveBody body = json.readValue(ctx.bodyAsBytes(), SaveBody.class);
                String session = ctx.pathParam("sessionId");
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                upsert(pool, postgresql ? POSTGRESQL_UPSERT : H2_UPSERT, session, body, now);
                ctx.contentType("application/json").result(json.writeValueAsBytes(new Saved(session,
                        body.questionId(), body.optionId(), body.clientSeq(), now.toString(), true)));
            });
        }).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            pool.close();
            stopped.countDown();
        }, "baseline-shutdown"));
        System.out.println("baseline listening on " + JavaProcess.HOST + ":" + port);
        stopped.await();
    }

    private static final String H2_UPSERT = "MERGE INTO responses (session_id, question_id, option_id, client_seq, "
            + "saved_at) KEY (session_id, question_id) VALUES (?, ?, ?, ?, ?)";

    private static final String POSTGRESQL_UPSERT = "INSERT INTO responses (session_id, question_id, option_id, "
            + "client_seq, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, question_id) DO UPDATE SET "
            + "option_id = EXCLUDED.option_id, client_seq = EXCLUDED.client_seq, saved_at = EXCLUDED.saved_at";

    private static void upsert(HikariDataSource pool, String sql, String session, SaveBody body, Instant now)
            throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, session);
            ps.setString(2, body.questionId());
            ps.setString(3, body.optionId());
            ps.setLong(4, body.clientSeq());
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
    }
}
