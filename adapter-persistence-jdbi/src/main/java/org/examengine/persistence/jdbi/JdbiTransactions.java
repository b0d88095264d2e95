package org.examengine.persistence.jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.examengine.application.port.out.TransactionRunner;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Binds one JDBI handle to the current thread for the length of a transaction, and gives it to every
 * repository call made on that thread meanwhile. Outside a transaction a repository call gets a short handle
 * of its own in auto-commit mode.
 *
 * <p>Repositories run reads with {@link #call} and writes with {@link #write} (or {@link #callGuarded}). A
 * transaction that wrote, and a write outside a transaction, returns only once its commit is durable
 * ({@link CommitDurability}); reads never wait for that.
 */
final class JdbiTransactions implements TransactionRunner {

    private static final String SAVEPOINT = "exam_statement";

    private final Jdbi jdbi;
    private final CommitDurability durability;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    /**
     * The handle of the transaction running on a thread, whether the transaction wrote, and whether all it wrote
     * were sessions and their responses, which a journal can hold ({@link #writeJournaled}).
     */
    private static final class Transaction {
        final Handle handle;
        // Whether it has changed or locked a row (told to the durability once), and whether it wrote.
        boolean writing;
        boolean wrote;
        boolean plain;
        // The sessions this transaction stored, by id: the version it found each at, and its last update of each.
        Map<SessionId, SaveJournal.SessionWrite> sessions;
        List<Response> responses;
        // What runs once it has committed (afterCallersCommit).
        List<Runnable> afterCommit;

        Transaction(Handle handle) {
            this.handle = handle;
        }

        void journal(List<ExamSession> stored, List<Response> written) {
            if (sessions == null) {
                sessions = new LinkedHashMap<>();
                responses = new ArrayList<>();
            }
            // Each update raises the version by one; a session updated twice keeps the version it was first found at.
            stored.forEach(s -> sessions.merge(s.id(), new SaveJournal.SessionWrite(s.version() - 1, s),
                    (first, later) -> new SaveJournal.SessionWrite(first.fromVersion(), later.stored())));
            responses.addAll(written);
        }

        /**
         * Whether the journal can stand for this transaction's commit: it wrote only sessions and responses, and
         * every response belongs to a session it wrote, whose version orders it on replay.
         */
        boolean journaled() {
            if (plain || sessions == null) {
                return false;
            }
            for (Response r : responses) {
                if (!sessions.containsKey(r.sessionId())) {
                    return false;
                }
            }
            return true;
        }
    }

    JdbiTransactions(Jdbi jdbi, CommitDurability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    /**
     * Runs {@code work} in a transaction on a handle bound to this thread; a call made while one is running
     * joins it. Commits when {@code work} returns, rolls back when it throws. A failed commit is reported as a
     * port exception ({@code CONCURRENT_UPDATE} when another transaction got in the way). When the work wrote,
     * returns once the commit is durable, after the connection went back to the pool.
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        Transaction tx = new Transaction(open());
        Handle handle = tx.handle;
        boolean committed = false;
        boolean journaled = false;
        T result;
        current.set(tx);
        durability.begin();
        try {
            translated(handle::begin, SqlErrors::duplicateId);
            result = work.get();
            if (tx.wrote) {
                journaled = durability.journals() && tx.journaled();
                durability.beforeCommit(journaled);
            }
            committedOrUnknown(handle, SqlErrors::duplicateId);
            committed = true;
            if (journaled) {
                // Not in the journal (it could not be written): the commit waits for the database file instead.
                journaled = durability.journal(List.copyOf(tx.sessions.values()), tx.responses);
            }
        } finally {
            current.remove();
            if (!committed) {
                rollbackQuietly(handle);
            }
            closeQuietly(handle);
            if (!(committed && tx.wrote)) {
                durability.end();
            }
        }
        if (tx.wrote) {
            durability.awaitDurable(journaled);
        }
        if (tx.afterCommit != null) {
            TransactionRunner.runAfterCommit(tx.afterCommit);
        }
        return result;
    }

    /** Whether a transaction is running on this thread. */
    boolean inTransaction() {
        return current.get() != null;
    }

    /**
     * True while a transaction runs on this thread: a call made there joins it (a host's work in
     * {@link #inTransaction}), and the engine keeps that call's work out of other threads' transactions.
     */
    @Override
    public boolean joinsCurrentTransaction() {
        return inTransaction();
    }

    /** Within a transaction on this thread, runs {@code action} once it has committed and is durable; else at once. */
    @Override
    public void afterCallersCommit(Runnable action) {
        Transaction tx = current.get();
        if (tx == null) {
            action.run();
            return;
        }
        if (tx.afterCommit == null) {
            tx.afterCommit = new ArrayList<>();
        }
        tx.afterCommit.add(action);
    }

    /** Runs one repository read on the transaction's handle, or on a short auto-commit handle. */
    <T> T call(Function<Handle, T> work) {
        return run(work, SqlErrors::duplicateId, false);
    }

    /**
     * Runs one repository write as {@link #call(Function)} does. Outside a transaction it returns once its
     * commit is durable; inside one, the transaction does.
     */
    <T> T write(Function<Handle, T> work) {
        return run(work, SqlErrors::duplicateId, true);
    }

    /**
     * As {@link #write(Function)} for a write of sessions and responses only: {@code stored}, the sessions as the
     * write leaves them (their new version included), and {@code responses}. Inside a transaction whose writes are
     * all of this kind, its commit may be made durable by appending them to a journal ({@link CommitDurability}).
     */
    <T> T writeJournaled(Function<Handle, T> work, List<ExamSession> stored, List<Response> responses) {
        Transaction bound = current.get();
        if (bound == null) {
            return write(work);
        }
        writing(bound);
        bound.wrote = true;
        T result = translated(() -> work.apply(bound.handle), SqlErrors::duplicateId);
        bound.journal(stored, responses);
        return result;
    }

    private <T> T run(Function<Handle, T> work, Function<RuntimeException, ExamException> onDuplicate,
                      boolean writes) {
        Transaction bound = current.get();
        if (bound != null) {
            if (writes) {
                writing(bound);
            }
            bound.wrote |= writes;
            bound.plain |= writes;
            return translated(() -> work.apply(bound.handle), onDuplicate);
        }
        Handle own = open();
        T result = null;
        boolean done = false;
        durability.begin();
        try {
            if (writes) {
                // A transaction of its own rather than auto-commit: its statement may wait for a row another
                // transaction holds, which it must do before it announces its commit (beforeCommit).
                translated(own::begin, onDuplicate);
                durability.beforeWrite();
                result = translated(() -> work.apply(own), onDuplicate);
                durability.beforeCommit(false);
                committedOrUnknown(own, onDuplicate);
            } else {
                result = translated(() -> work.apply(own), onDuplicate);
            }
            done = true;
        } finally {
            if (!done && writes) {
                rollbackQuietly(own);
            }
            closeQuietly(own);
            if (!(done && writes)) {
                durability.end();
            }
        }
        if (writes) {
            durability.awaitDurable(false);
        }
        return result;
    }

    /**
     * Runs one repository read that locks the rows it reads ({@code SELECT ... FOR UPDATE}) as {@link #call} does:
     * H2 marks a locked row as it marks a changed one, so the durability is told as for a write, but the
     * transaction does not wait for its commit to be durable for it.
     */
    <T> T callLocking(Function<Handle, T> work) {
        Transaction bound = current.get();
        if (bound == null) {
            // A lock outside a transaction ends at once; it still marks the rows, in a transaction of its own.
            return inTransaction(() -> callLocking(work));
        }
        writing(bound);
        return call(work);
    }

    private void writing(Transaction tx) {
        if (!tx.writing) {
            tx.writing = true;
            durability.beforeWrite();
        }
    }

    /**
     * As {@link #write(Function)} for a write that may be refused (a duplicate key, reported with
     * {@code onDuplicate}) while the caller carries on in the same transaction: PostgreSQL aborts the whole
     * transaction on any failed statement, so inside a transaction the write runs behind a savepoint and a
     * failure rolls back to it.
     */
    <T> T callGuarded(Function<Handle, T> work, Function<RuntimeException, ExamException> onDuplicate) {
        Transaction tx = current.get();
        if (tx == null) {
            return run(work, onDuplicate, true);
        }
        writing(tx);
        tx.wrote = true;
        tx.plain = true;
        Handle bound = tx.handle;
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

    /** Commits, translating a failure as one of a commit ({@link SqlErrors#translateCommit}). */
    private static void committedOrUnknown(Handle handle, Function<RuntimeException, ExamException> onDuplicate) {
        try {
            handle.commit();
        } catch (RuntimeException e) {
            throw SqlErrors.translateCommit(e, onDuplicate);
        }
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
