package org.examengine.schema;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where the engine's migrations are and how their history is named. The scripts and the history table have
 * names of their own, so that a host application can run its own Flyway migrations on the same database
 * without either seeing the other's.
 */
public final class ExamSchema {

    /** The Flyway location of the scripts: a root of its own, as Flyway also scans the folders below a location. */
    public static final String LOCATION = "classpath:db/exam-engine/migration";

    /** Flyway's history table for the engine's schema. */
    public static final String HISTORY_TABLE = "exam_schema_history";

    /** The version of the newest migration script: a database migrated by this engine records it in its history. */
    public static final String LATEST_VERSION = "3";

    /**
     * The version Flyway records when it first meets a database that already holds other tables (a host
     * application's) but no engine history: below the first script, so that every script still runs.
     */
    public static final String BASELINE_VERSION = "0";

    /** The name of an H2 database of the engine in its directory (its file is {@code exam-engine.mv.db}). */
    public static final String H2_DATABASE_NAME = "exam-engine";

    /**
     * The journal of saves that the JDBI storage keeps beside an H2 database, and its rotated copy: saves committed
     * there that the database file may lack until the JDBI storage opens the database again and applies them.
     */
    public static final List<String> H2_JOURNAL_FILE_NAMES =
            List.of(H2_DATABASE_NAME + ".journal", H2_DATABASE_NAME + ".journal.old");

    /**
     * Run on each new PostgreSQL connection: as H2's {@code LOCK_TIMEOUT=10000}, a row lock held by a node that
     * went away makes the waiting transaction fail after 10 s (a concurrent update) rather than wait for as long
     * as the dead connection takes to be noticed.
     */
    public static final String POSTGRES_CONNECTION_INIT_SQL = "SET lock_timeout = '10s'";

    /**
     * Properties for the PostgreSQL driver of the engine's pools: TCP keepalive, and a read that gets no byte for 60 s
     * fails, so that a connection whose network flow went silent (a firewall or NAT that dropped it) fails its
     * statement instead of holding it, and the caller's save, forever. The engine's statements take milliseconds.
     * Settings in the JDBC URL win over these.
     */
    public static final Map<String, String> POSTGRES_CONNECTION_PROPERTIES =
            Map.of("tcpKeepAlive", "true", "socketTimeout", "60");

    /** How often a pool checks its idle PostgreSQL connections, so that one that went away is replaced early. */
    public static final Duration POSTGRES_KEEPALIVE = Duration.ofSeconds(60);

    private ExamSchema() {
    }
}
