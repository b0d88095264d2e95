package org.examengine.persistence.jdbi;

import java.util.List;

import org.examengine.domain.response.Response;

/**
 * What makes a committed transaction durable before the engine acknowledges it. For a transaction that wrote,
 * {@link JdbiTransactions} calls {@link #beforeCommit}, commits, for a journaled one calls {@link #journal}, and
 * once its connection is back in the pool calls {@link #awaitDurable}.
 *
 * <p>A journaled transaction is one whose writes were only updates of sessions and upserts of their responses
 * (saves, heartbeats): where {@link #journals()}, it is durable once those writes are appended to a journal, and
 * the database writes its own file later.
 */
interface CommitDurability extends AutoCloseable {

    /** The database makes each commit durable before the commit returns (PostgreSQL, or an H2 URL as given). */
    CommitDurability AT_COMMIT = new CommitDurability() {
        @Override
        public void begin() {
        }

        @Override
        public void end() {
        }

        @Override
        public void awaitDurable(boolean journaled) {
        }

        @Override
        public void close() {
        }
    };

    /** A transaction (or a write outside one) starts on this thread. */
    void begin();

    /**
     * The transaction started by {@link #begin()} on this thread has ended without a write to wait for: it only
     * read, or it rolled back (its commit failed included).
     */
    void end();

    /**
     * The transaction (or the write outside one) started by {@link #begin()} on this thread is about to change or
     * lock rows for the first time. Called at most once per transaction.
     */
    default void beforeWrite() {
    }

    /** Whether a journaled transaction may be made durable by {@link #journal}. */
    default boolean journals() {
        return false;
    }

    /**
     * The transaction on this thread, which wrote, is about to commit; {@code journaled} when {@link #journal}
     * will follow its commit.
     */
    default void beforeCommit(boolean journaled) {
    }

    /**
     * Appends the writes of the journaled transaction that just committed on this thread: its sessions (as it found
     * and as it stored them), and its responses.
     *
     * @return whether they are in the journal; if not, {@link #awaitDurable} is told the transaction is not
     *         journaled and waits for the database's file
     */
    default boolean journal(List<SaveJournal.SessionWrite> sessions, List<Response> responses) {
        return false;
    }

    /**
     * Ends the transaction started by {@link #begin()} on this thread, which committed a write, and returns once it
     * is durable: for a journaled transaction, once every transaction committed before it that was not journaled
     * is in the database's file (its own writes are in the journal already); otherwise once every transaction
     * committed on any thread before this call is in the database's file.
     *
     * @throws IllegalStateException when the database cannot write its file
     */
    void awaitDurable(boolean journaled);

    /**
     * Whether commits can still be made durable: false once the database that writes them has closed (H2 closes
     * itself when a write of its file fails, as on a full disk).
     */
    default boolean available() {
        return true;
    }

    @Override
    void close();
}
