package org.examengine.persistence.jdbi;

/**
 * What makes a committed transaction durable before the engine acknowledges it. {@link JdbiTransactions} calls
 * {@link #awaitDurable()} after every commit of a transaction that wrote, once its connection is back in the
 * pool.
 */
interface CommitDurability extends AutoCloseable {

    /** The database makes each commit durable before the commit returns (PostgreSQL, or an H2 URL as given). */
    CommitDurability AT_COMMIT = new CommitDurability() {
        @Override
        public void awaitDurable() {
        }

        @Override
        public void begin() {
        }

        @Override
        public void end() {
        }

        @Override
        public void close() {
        }
    };

    /** A transaction (or a write outside one) starts on this thread. */
    void begin();

    /** The transaction started by {@link #begin()} on this thread has ended without a write to wait for. */
    void end();

    /**
     * Ends the transaction started by {@link #begin()} on this thread, which committed a write, and returns once
     * every transaction committed on any thread before this call is in the database's file.
     *
     * @throws IllegalStateException when the database cannot write its file
     */
    void awaitDurable();

    @Override
    void close();
}
