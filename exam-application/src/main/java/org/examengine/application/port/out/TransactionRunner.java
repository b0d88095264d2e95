package org.examengine.application.port.out;

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
}
