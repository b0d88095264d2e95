package org.examengine.application.port.out;

import java.util.List;
import java.util.function.Supplier;

/**
 * The transaction boundary. Each use case runs in one transaction: everything the work wrote commits
 * together or, when it throws, nothing does. A call made while a transaction is already running on the
 * current thread joins it.
 */
public interface TransactionRunner {

    /**
     * Runs {@code work} in a transaction and commits when it returns.
     *
     * @throws RuntimeException whatever {@code work} threw, after rolling back
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Whether a call on the current thread joins a transaction already running there, one the caller owns and ends
     * (adapters that let a host run the engine inside its own transaction). The engine then does all of the call's
     * work on this thread, in that transaction, and never combines it with the work of other threads, whose
     * transactions may end otherwise. False by default.
     */
    default boolean joinsCurrentTransaction() {
        return false;
    }

    /**
     * Runs {@code action} once the caller's transaction on this thread ({@link #joinsCurrentTransaction}) has
     * committed, and never if it rolls back: the engine tells watchers of its changes there only when they are
     * the caller's to commit. Adapters that cannot tell run it at once, as the default does.
     */
    default void afterCallersCommit(Runnable action) {
        action.run();
    }

    /**
     * Runs each of the actions an adapter kept for after a commit ({@link #afterCallersCommit}), all of them even when
     * one throws: the commit has been made, and the others' news is due all the same. The first failure is thrown
     * once all have run, with the later ones suppressed in it.
     */
    static void runAfterCommit(List<Runnable> actions) {
        Throwable first = null;
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
    }
}
