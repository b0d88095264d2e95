package org.examengine.schema;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** What the engine's storage adapters read from a failed database call, by its SQL state, on H2 and PostgreSQL. */
public final class SqlFailures {

    /**
     * SQL states meaning "the connection is gone or cannot be had" besides class 08 (connection exception):
     * PostgreSQL's server shutting down, crashed or starting (57P01, 57P02, 57P03), too many connections (53300),
     * H2's broken connection to a server (90067), and an H2 database that has closed (90098, 90121), as an embedded
     * one does by itself when a write of its file fails, on a full disk.
     */
    private static final Set<String> CONNECTION_LOST =
            Set.of("57P01", "57P02", "57P03", "53300", "90067", "90098", "90121");

    private SqlFailures() {
    }

    /**
     * Whether a failure is the database's connection lost, or none to be had: a connection exception anywhere in
     * the cause chain (any SQL state of class 08, a server going down or starting), or a pool's wait for a free
     * connection run out ({@link SQLTransientConnectionException}).
     */
    public static boolean isConnectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || CONNECTION_LOST.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
