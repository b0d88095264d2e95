package org.examengine.persistence.jdbi;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

import org.examengine.domain.response.Response;

import org.jdbi.v3.core.Handle;

/** Runs a one-statement upsert, again when the dialect's upsert lost an insert race on the same key. */
final class Upserts {

    /** A retry follows the commit of the competing insert, so the second attempt normally finds the row. */
    private static final int MAX_ATTEMPTS = 5;

    private Upserts() {
    }

    static void run(JdbiTransactions tx, Dialect dialect, Function<Handle, Integer> upsert) {
        if (!dialect.upsertMayCollide()) {
            tx.write(upsert);
            return;
        }
        tx.write(h -> retrying(h, upsert));
    }

    /** As {@link #run(JdbiTransactions, Dialect, Function)} for an upsert of {@code response}, a journaled write. */
    static void run(JdbiTransactions tx, Dialect dialect, Function<Handle, Integer> upsert, Response response) {
        List<Response> written = List.of(response);
        if (!dialect.upsertMayCollide()) {
            tx.writeJournaled(upsert, List.of(), written);
            return;
        }
        tx.writeJournaled(h -> retrying(h, upsert), List.of(), written);
    }

    /** Runs the upsert on {@code h}, again when it lost an insert race (on a dialect where it may). */
    static int retrying(Handle h, Function<Handle, Integer> upsert) {
        for (int attempt = 1; ; attempt++) {
            try {
                return upsert.apply(h);
            } catch (RuntimeException e) {
                // H2 rolls back only the failed statement, so the transaction goes on with the retry.
                if (attempt >= MAX_ATTEMPTS || !collided(e)) {
                    throw e;
                }
            }
        }
    }

    /** Another transaction inserted (unique violation) or changed (H2 90131) the same key meanwhile. */
    private static boolean collided(RuntimeException e) {
        SQLException sql = SqlErrors.sqlCause(e);
        return sql != null && ("23505".equals(sql.getSQLState()) || "90131".equals(sql.getSQLState()));
    }
}
