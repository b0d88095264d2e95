package org.examengine.persistence.jdbi;

import java.util.function.Function;
import java.util.function.Supplier;

import org.examengine.application.port.out.TransactionRunner;
import org.examengine.domain.shared.ExamException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Binds one JDBI handle to the current thread for the length of a transaction, and gives it to every
 * repository call made on that thread meanwhile. Outside a transaction a repository call gets a short handle
 * of its own in auto-commit mode.
 */
final class JdbiTransactions implements TransactionRunner {

    private static final String SAVEPOINT = "exam_statement";

    private final Jdbi jdbi;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    JdbiTransactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs {@code work} in a transaction on a handle bound to this thread; a call made while one is running
     * joins it. Commits when {@code work} returns, rolls back when it throws. A failed commit is reported as a
     * port exception ({@code CONCURRENT_UPDATE} when another transaction got in the way).
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        Handle handle = open();
        boolean committed = false;
        current.set(handle);
        try {
            translated(handle::begin, SqlErrors::duplicateId);
            T result = work.get();
            translated(handle::commit, SqlErrors::duplicateId);
            committed = true;
            return result;
        } finally {
            current.remove();
            if (!committed) {
                rollbackQuietly(handle);
            }
            closeQuietly(handle);
        }
    }

    /** Whether a transaction is running on this thread. */
    boolean inTransaction() {
        return current.get() != null;
    }

    /** Runs one repository call on the transaction's handle, or on a short auto-commit handle. */
    <T> T call(Function<Handle, T> work) {
        return call(work, SqlErrors::duplicateId);
    }

    /**
     * As {@link #call(Function)}, reporting a unique violation with {@code onDuplicate}.
     */
    <T> T call(Function<Handle, T> work, Function<RuntimeException, ExamException> onDuplicate) {
        Handle bound = current.get();
        if (bound != null) {
            return translated(() -> work.apply(bound), onDuplicate);
        }
        Handle own = open();
        try {
            return translated(() -> work.apply(own), onDuplicate);
        } finally {
            closeQuietly(own);
        }
    }

    /**
     * As {@link #call(Function, Function)} for a write that may be refused (a duplicate key) while the caller
     * carries on in the same transaction: PostgreSQL aborts the whole transaction on any failed statement,
     * so inside a transaction the write runs behind a savepoint and a failure rolls back to it.
     */
    <T> T callGuarded(Function<Handle, T> work, Function<RuntimeException, ExamException> onDuplicate) {
        Handle bound = current.get();
        if (bound == null) {
            return call(work, onDuplicate);
        }
        return translated(() -> {
            bound.savepoint(SAVEPOINT);
            T result;
            try {
                result = work.apply(bound);
            } catch (RuntimeException e) {
                try {
                    bound.rollbackToSavepoint(SAVEPOINT);
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            bound.releaseSavepoint(SAVEPOINT);
            return result;
        }, onDuplicate);
    }

    private Handle open() {
        return translated(jdbi::open, SqlErrors::duplicateId);
    }

    private static <T> T translated(Supplier<T> work, Function<RuntimeException, ExamException> onDuplicate) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e, onDuplicate);
        }
    }

    private static void rollbackQuietly(Handle handle) {
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException ignored) {
            // The connection is broken or already rolled back; closing it below returns it to the pool,
            // which discards a broken one. The exception that made us roll back is what the caller sees.
        }
    }

    private static void closeQuietly(Handle handle) {
        try {
            handle.close();
        } catch (RuntimeException ignored) {
            // Closing only returns the connection to the pool; a failure here must not hide the result or
            // the original exception of the work.
        }
    }
}
