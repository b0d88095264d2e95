package org.examengine.persistence.jpa;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.LockModeType;

import org.examengine.application.port.out.TransactionRunner;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;

/**
 * Binds one entity manager and its transaction to the current thread, and gives it to every repository call
 * made on that thread meanwhile. The binding is either the adapter's own (begun and ended by
 * {@link #inTransaction}) or the host's ({@link #joining}), whose transaction the host ends. Outside both, a
 * repository call runs in a short transaction of its own.
 */
final class JpaTransactions implements TransactionRunner {

    private final EntityManagerFactory emf;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();

    JpaTransactions(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /**
     * Runs {@code work} in a resource-local transaction on a new entity manager bound to this thread; a call made
     * while one is bound joins it. Commits when {@code work} returns, rolls back when it throws. A failed commit
     * is reported as a port exception ({@code CONCURRENT_UPDATE} when another transaction got in the way).
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        EntityManager em = PersistenceErrors.translated(emf::createEntityManager, PersistenceErrors::duplicateId);
        EntityTransaction tx = em.getTransaction();
        boolean committed = false;
        current.set(em);
        try {
            PersistenceErrors.translated(() -> {
                tx.begin();
                return null;
            }, PersistenceErrors::duplicateId);
            T result = work.get();
            if (tx.getRollbackOnly()) {
                // A failed statement doomed the transaction, and the work went on: Hibernate's commit would roll
                // back without a word, so that the caller took a change for made.
                throw new IllegalStateException("a statement of the transaction failed and marked it for rollback; "
                        + "nothing was committed");
            }
            // Flushed apart from the commit, so that a failure here is known to have changed nothing.
            PersistenceErrors.translated(() -> {
                em.flush();
                return null;
            }, PersistenceErrors::duplicateId);
            PersistenceErrors.committed(tx::commit);
            committed = true;
            return result;
        } finally {
            current.remove();
            if (!committed) {
                rollbackQuietly(tx);
            }
            closeQuietly(em);
        }
    }

    /** True while a transaction, the host's or this adapter's, is bound to the current thread. */
    @Override
    public boolean joinsCurrentTransaction() {
        return current.get() != null;
    }

    /**
     * Within a transaction bound to this thread (the host's, when the engine asks), runs {@code action} after it
     * commits, through Hibernate's completion callbacks, and drops it when it rolls back; otherwise at once.
     */
    @Override
    public void afterCallersCommit(Runnable action) {
        EntityManager bound = current.get();
        if (bound == null) {
            action.run();
            return;
        }
        bound.unwrap(SharedSessionContractImplementor.class).getTransactionCompletionCallbacks()
                .registerCallback((AfterCompletionCallback) (committed, session) -> {
                    if (committed) {
                        action.run();
                    }
                });
    }

    /**
     * Runs {@code work} with the host's entity manager bound to this thread: repository calls and nested
     * transactions join the host's transaction, which stays the host's to commit or roll back.
     *
     * @throws IllegalStateException when {@code em} has no active transaction, or another entity manager is
     *                               already bound to this thread
     */
    <T> T joining(EntityManager em, Supplier<T> work) {
        Objects.requireNonNull(em, "em");
        EntityManager bound = current.get();
        if (bound == em) {
            return work.get();
        }
        if (bound != null) {
            throw new IllegalStateException("another entity manager is already bound to this thread");
        }
        if (!em.isJoinedToTransaction()) {
            throw new IllegalStateException("the entity manager has no active transaction to join");
        }
        current.set(em);
        try {
            return work.get();
        } finally {
            current.remove();
        }
    }

    /** Runs one repository call on the bound entity manager, or in a short transaction of its own. */
    <T> T call(Function<EntityManager, T> work) {
        return call(work, PersistenceErrors::duplicateId);
    }

    /** As {@link #call(Function)}, reporting a unique violation with {@code onDuplicate}. */
    <T> T call(Function<EntityManager, T> work, Function<RuntimeException, ExamException> onDuplicate) {
        EntityManager bound = current.get();
        if (bound != null) {
            return PersistenceErrors.translated(() -> work.apply(bound), onDuplicate);
        }
        return inTransaction(() -> PersistenceErrors.translated(() -> work.apply(current.get()), onDuplicate));
    }

    /**
     * {@code em.find}, except that a read that failed is not taken for a row that does not exist. Hibernate's find
     * returns null, logging the error, when a broken connection or an unclassified database error has marked the
     * transaction for rollback; that becomes {@code STORAGE_UNAVAILABLE}, nothing having been changed.
     */
    static <T> T find(EntityManager em, Class<T> type, Object id, LockModeType lock) {
        T found = lock == null ? em.find(type, id) : em.find(type, id, lock);
        if (found == null && rolledBack(em)) {
            throw new ExamException(ErrorCode.STORAGE_UNAVAILABLE, "a read of the database failed and rolled the "
                    + "transaction back (the log has the cause); nothing was changed, retry shortly");
        }
        return found;
    }

    /** The condition under which Hibernate's find returns null for a failure: its transaction, whoever's, is doomed. */
    private static boolean rolledBack(EntityManager em) {
        org.hibernate.Transaction tx = em.unwrap(SharedSessionContractImplementor.class).accessTransaction();
        return tx.isActive() && tx.getRollbackOnly();
    }

    private static void rollbackQuietly(EntityTransaction tx) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException ignored) {
            // The connection is broken or already rolled back; closing the entity manager returns it to the
            // pool, which discards a broken one. The exception that made us roll back is what the caller sees.
        }
    }

    private static void closeQuietly(EntityManager em) {
        try {
            em.close();
        } catch (RuntimeException ignored) {
            // Closing only releases the connection; a failure here must not hide the result or the original
            // exception of the work.
        }
    }
}
