package org.examengine.persistence.jdbi;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.examengine.application.port.out.CommitOutcomeUnknownException;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.schema.SqlFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns driver failures into what the ports promise, so that no JDBI or JDBC exception type reaches a
 * caller: unique violations become the caller's duplicate error, lost lock races become
 * {@link ErrorCode#CONCURRENT_UPDATE} (which the services retry), a connection lost or not to be had before the
 * commit {@link ErrorCode#STORAGE_UNAVAILABLE} (which they retry too), anything else an
 * {@link IllegalStateException} that keeps the driver's exception as its cause for the log. Expected
 * outcomes (duplicates, lost races) carry no driver cause: callers handle them by their code alone.
 */
final class SqlErrors {

    private static final Logger LOG = LoggerFactory.getLogger(SqlErrors.class);

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * SQL states meaning "another transaction got in the way, running again may succeed": serialization
     * failure and H2 deadlock (40001), PostgreSQL deadlock (40P01), PostgreSQL lock not available (55P03),
     * H2 lock timeout (HYT00) and H2 concurrent update of one row (90131).
     */
    private static final Set<String> LOST_RACE = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

    /** A table that does not exist: H2 (42S02, or 42S04 in some versions) and PostgreSQL (42P01). */
    private static final Set<String> NO_SUCH_TABLE = Set.of("42S02", "42S04", "42P01");

    private SqlErrors() {
    }

    /** The SQL exception somewhere in the cause chain, or null. */
    static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static boolean isUniqueViolation(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    static boolean isLostRace(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null && sql.getSQLState() != null && LOST_RACE.contains(sql.getSQLState());
    }

    /** Whether a unique violation names this constraint (both databases put its name in the message). */
    static boolean violates(Throwable failure, String constraintName) {
        SQLException sql = sqlCause(failure);
        return sql != null && sql.getMessage() != null
                && sql.getMessage().toLowerCase(Locale.ROOT).contains(constraintName.toLowerCase(Locale.ROOT));
    }

    /**
     * The port exception for a failed database call made before the commit.
     *
     * @param onDuplicate builds the error for a unique violation
     */
    static RuntimeException translate(RuntimeException failure, Function<RuntimeException, ExamException> onDuplicate) {
        return translate(failure, onDuplicate, false);
    }

    /**
     * The port exception for a failed commit: as {@link #translate(RuntimeException, Function)}, but a connection
     * lost during the commit leaves unknown whether it was made, so it is not reported as a change not made.
     */
    static RuntimeException translateCommit(RuntimeException failure,
                                            Function<RuntimeException, ExamException> onDuplicate) {
        return translate(failure, onDuplicate, true);
    }

    private static RuntimeException translate(RuntimeException failure,
                                              Function<RuntimeException, ExamException> onDuplicate,
                                              boolean committing) {
        if (failure instanceof ExamException exam) {
            return exam;
        }
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return failure;
        }
        if (isUniqueViolation(failure)) {
            return onDuplicate.apply(failure);
        }
        if (isLostRace(failure)) {
            return new ExamException(ErrorCode.CONCURRENT_UPDATE,
                    "another transaction holds or changed the same rows; retry (" + sql.getMessage() + ")");
        }
        if (SqlFailures.isConnectionLost(failure)) {
            if (committing) {
                return new CommitOutcomeUnknownException("the connection to the database broke during the commit, "
                        + "so whether it was made is unknown: " + sql.getMessage(), sql);
            }
            // The driver's words (a host, a port) are for the log, not for the caller.
            LOG.warn("database unavailable: {}", sql.getMessage());
            return new ExamException(ErrorCode.STORAGE_UNAVAILABLE,
                    "the database cannot be reached; nothing was changed, retry shortly");
        }
        if (sql.getSQLState() != null && NO_SUCH_TABLE.contains(sql.getSQLState())) {
            return new IllegalStateException("the database lacks the engine's tables; migrate it first "
                    + "(JdbiExamStorage.migrate(), or the migrate command): " + sql.getMessage(), sql);
        }
        return new IllegalStateException("database operation failed: " + sql.getMessage(), sql);
    }

    /** The default duplicate error: an id that exists. */
    static ExamException duplicateId(RuntimeException failure) {
        return new ExamException(ErrorCode.DUPLICATE_ID, "a record with the same id exists");
    }
}
