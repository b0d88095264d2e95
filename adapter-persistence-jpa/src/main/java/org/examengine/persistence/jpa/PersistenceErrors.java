package org.examengine.persistence.jpa;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.persistence.EntityExistsException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;

import org.examengine.application.port.out.CommitOutcomeUnknownException;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.schema.SqlFailures;
import org.hibernate.HibernateException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns persistence failures into what the ports promise, so that no JPA, Hibernate or JDBC exception reaches
 * a caller: unique violations become the caller's duplicate error, lost races (a stale version, a deadlock, a
 * serialization failure, a lock timeout) become {@link ErrorCode#CONCURRENT_UPDATE}, which the engine retries, a
 * connection lost or not to be had before the commit {@link ErrorCode#STORAGE_UNAVAILABLE}, which it retries too,
 * and any other failure an {@link IllegalStateException} keeping the original as its cause. Expected outcomes
 * (duplicates, lost races) carry no driver cause: callers handle them by their code alone.
 */
final class PersistenceErrors {

    private static final Logger LOG = LoggerFactory.getLogger(PersistenceErrors.class);

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * SQL states meaning "another transaction got in the way, running again may succeed": serialization
     * failure and H2 deadlock (40001), PostgreSQL deadlock (40P01), PostgreSQL lock not available (55P03),
     * H2 lock timeout (HYT00) and H2 concurrent update of one row (90131).
     */
    private static final Set<String> LOST_RACE = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

    private PersistenceErrors() {
    }

    /** Runs {@code work}, translating its failure; a unique violation becomes {@code onDuplicate}'s error. */
    static <T> T translated(Supplier<T> work, Function<RuntimeException, ExamException> onDuplicate) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw translate(e, onDuplicate);
        }
    }

    /**
     * Runs a commit, translating its failure as {@link #translated} does, except that a connection lost during the
     * commit leaves unknown whether it was made, so it is not reported as a change not made.
     */
    static void committed(Runnable commit) {
        try {
            commit.run();
        } catch (RuntimeException e) {
            throw translate(e, PersistenceErrors::duplicateId, true);
        }
    }

    /** The port exception for a failed persistence call made before the commit. */
    static RuntimeException translate(RuntimeException failure,
                                      Function<RuntimeException, ExamException> onDuplicate) {
        return translate(failure, onDuplicate, false);
    }

    private static RuntimeException translate(RuntimeException failure,
                                              Function<RuntimeException, ExamException> onDuplicate,
                                              boolean committing) {
        if (failure instanceof ExamException exam) {
            return exam;
        }
        if (!fromPersistence(failure)) {
            return failure;
        }
        if (isDuplicate(failure)) {
            return onDuplicate.apply(failure);
        }
        if (isLostRace(failure)) {
            return new ExamException(ErrorCode.CONCURRENT_UPDATE,
                    "another transaction holds or changed the same rows; retry (" + message(failure) + ")");
        }
        if (isConnectionLost(failure)) {
            if (committing) {
                return new CommitOutcomeUnknownException("the connection to the database broke during the commit, "
                        + "so whether it was made is unknown: " + message(failure), failure);
            }
            // The driver's words (a host, a port) are for the log, not for the caller.
            LOG.warn("database unavailable: {}", message(failure));
            return new ExamException(ErrorCode.STORAGE_UNAVAILABLE,
                    "the database cannot be reached; nothing was changed, retry shortly");
        }
        return new IllegalStateException("database operation failed: " + message(failure), failure);
    }

    /** Whether the failure is the database's connection lost, or none to be had ({@link SqlFailures}). */
    private static boolean isConnectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException) {
                return true;
            }
        }
        return SqlFailures.isConnectionLost(failure);
    }

    /** The default duplicate error: an id that exists. */
    static ExamException duplicateId(RuntimeException failure) {
        return new ExamException(ErrorCode.DUPLICATE_ID, "a record with the same id exists");
    }

    /** Whether a unique violation names this constraint (both databases put its name in the message). */
    static boolean violates(Throwable failure, String constraintName) {
        SQLException sql = sqlCause(failure);
        return sql != null && sql.getMessage() != null
                && sql.getMessage().toLowerCase(Locale.ROOT).contains(constraintName.toLowerCase(Locale.ROOT));
    }

    private static boolean fromPersistence(Throwable failure) {
        return failure instanceof PersistenceException || failure instanceof HibernateException
                || sqlCause(failure) != null;
    }

    /** A unique violation, or an instance persisted under an id the persistence context already holds. */
    private static boolean isDuplicate(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null ? UNIQUE_VIOLATION.equals(sql.getSQLState()) : failure instanceof EntityExistsException;
    }

    private static boolean isLostRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof PessimisticLockException
                    || t instanceof LockTimeoutException || t instanceof StaleStateException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && LOST_RACE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String message(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null ? sql.getMessage() : failure.getMessage();
    }
}
