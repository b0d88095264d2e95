package org.examengine.persistence.jdbi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.examengine.domain.response.Response;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * Group commit for an embedded H2 database that writes lazily (H2's {@code WRITE_DELAY} above 0): instead of
 * H2 writing its file once per commit, the threads whose transactions committed while a write of the file
 * was running share the next write. One thread at a time writes (as H2's {@code CHECKPOINT} does, it stores
 * every committed change to the file, through H2's store, or by {@code CHECKPOINT} on a connection of its own when
 * the database is not an embedded one); a thread whose commit is covered by a write another thread started after
 * that commit returns without writing.
 *
 * <p>Every commit takes a ticket once it has returned. A write first reads the highest ticket taken, so it
 * covers every commit that had returned by then, and then publishes that number as written.
 *
 * <p>With a {@link SaveJournal}, a journaled transaction (saves, heartbeats) does not wait for a write of the file:
 * it is durable once its sessions and responses are appended to the journal, which happens in commit order (a lock
 * spans each journaled commit and its append). It still waits for the file when a transaction that was not
 * journaled committed before it and is not in the file yet, since a journaled write may build on it (a save in the
 * attempt a reset just began): a lock shared by the commits that are not journaled, held from before their commit
 * until they have taken their ticket, lets it read the highest ticket it must wait for. When the journal has grown
 * past {@link #JOURNAL_ROTATE_BYTES}, it is rotated, the file written, and the rotated journal deleted.
 *
 * <p>When asked to, each write also forces the file to the disk (as {@code CHECKPOINT SYNC} does), and each append the
 * journal, so that what they cover survives a power cut too.
 *
 * <p>Before writing, the writing thread waits up to {@link #MAX_GATHER_NANOS} for the transactions running at
 * that moment to end, so that their commits share the write too; a thread that commits alone writes at once.
 *
 * <p>H2 writes its file only here, and only from changes it took while no transaction was changing rows: each
 * transaction holds a shared lock from its first change (or row lock, {@link #beforeWrite()}) until its commit or
 * rollback, and a write of the file takes it exclusively while H2 takes the changed pages of its tables. Transactions
 * that only read do not hold it. (H2 takes the changes of its tables one table after another; a write that took them
 * while transactions were changing rows could leave in the file a row changed by a transaction that the file does
 * not know, which H2 cannot resolve when it opens the file after a crash.) The pages taken are a version of H2's
 * store that no change touches again, so H2 encodes and writes them in its own threads once the lock is released,
 * while transactions change rows anew, and the write waits for them to be in the file before it counts as done.
 * The database is opened with a {@code WRITE_DELAY} so long that H2's own background writer never writes; with a
 * journal, the file is written at least every {@link #WRITE_INTERVAL_NANOS} instead, as the journal is rotated.
 */
final class H2GroupCommit implements CommitDurability {

    /** How long a write waits at most for running transactions to commit and join it: 1 ms. */
    static final long MAX_GATHER_NANOS = 1_000_000;
    private static final long GATHER_PAUSE_NANOS = 20_000;

    /** The size past which the journal is rotated and the database file written: 32 MiB. */
    static final long JOURNAL_ROTATE_BYTES = 32L << 20;

    /** How long journaled commits wait at most for a write of the file: 500 ms, H2's own default delay. */
    static final long WRITE_INTERVAL_NANOS = 500_000_000L;

    /**
     * How many journaled commits may follow a write of the file before the next one, when H2's store cannot be
     * read (it always can for the file databases this class is made for).
     */
    static final long WRITE_EVERY_COMMITS = 64;

    private final Connection connection;
    private final PreparedStatement checkpoint;
    private final boolean forceToDisk;
    private final SaveJournal journal;
    private final long rotateBytes;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong writesAhead = new AtomicLong();
    private final AtomicLong versionsNotWritten = new AtomicLong();
    // Guarded by the exclusive hold of quiet: the version of H2's store after the last write, or -1 before the first.
    private long versionAfterWrite = -1;
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicBoolean rotating = new AtomicBoolean();
    // Held across each journaled commit and its append, so that the journal's order is the commits' order.
    private final ReentrantLock journalOrder = new ReentrantLock();
    // Shared by the commits that are not journaled, from before their commit until they have taken a ticket.
    private final ReentrantReadWriteLock plainCommits = new ReentrantReadWriteLock();
    // Shared by the transactions changing rows, from their first change until their commit or rollback; a write of
    // the file takes it exclusively.
    private final ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long writeIntervalNanos = WRITE_INTERVAL_NANOS;
    // H2's store, to read how much it holds that is not in the file yet; null when it cannot be reached.
    private final MVStore store;
    private final AtomicLong journaledSinceWrite = new AtomicLong();
    private final Object monitor = new Object();
    // Guarded by monitor: whether a thread is writing, and the highest ticket in the file.
    private boolean writing;
    private long written;

    /**
     * @param forceToDisk whether each write of the file (and each append to the journal) is forced to the disk
     * @param journal     the journal of saves, or null to have every commit wait for a write of the file
     */
    H2GroupCommit(String jdbcUrl, String user, String password, boolean forceToDisk, SaveJournal journal) {
        this(jdbcUrl, user, password, forceToDisk, journal, JOURNAL_ROTATE_BYTES);
    }

    H2GroupCommit(String jdbcUrl, String user, String password, boolean forceToDisk, SaveJournal journal,
                  long rotateBytes) {
        this.journal = journal;
        this.rotateBytes = rotateBytes;
        this.forceToDisk = forceToDisk;
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, user, password);
            this.checkpoint = connection.prepareStatement(forceToDisk ? "CHECKPOINT SYNC" : "CHECKPOINT");
            this.store = storeOf(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the H2 group-commit connection: " + e.getMessage(), e);
        }
    }

    @Override
    public void begin() {
        running.incrementAndGet();
    }

    @Override
    public void beforeWrite() {
        if (store != null && storeFillingUp() && rotating.compareAndSet(false, true)) {
            // H2 would soon write its file in the middle of some transaction's change: write it now, while this
            // thread holds no row yet. (Journaled commits check too; a transaction that changes more than H2's
            // limit on its own, about 19 MB of pages, cannot be kept from it.)
            try {
                // The journal is left as it is (it may hold what the replay at opening has yet to apply).
                writesAhead.incrementAndGet();
                writeNow();
            } catch (RuntimeException e) {
                // The next change or journaled commit tries again; this one is not durable yet in any case.
            } finally {
                rotating.set(false);
            }
        }
        quiet.readLock().lock();
    }

    @Override
    public void end() {
        running.decrementAndGet();
        releaseQuiet();
        releaseCommitLocks();
    }

    @Override
    public boolean journals() {
        return journal != null;
    }

    @Override
    public void beforeCommit(boolean journaledCommit) {
        if (journaledCommit) {
            journalOrder.lock();
        } else {
            plainCommits.readLock().lock();
        }
    }

    @Override
    public boolean journal(List<SaveJournal.SessionWrite> sessions, List<Response> responses) {
        // Committed: H2 may write its file from here on.
        releaseQuiet();
        long size;
        try {
            size = journal.append(sessions, responses);
        } catch (RuntimeException e) {
            // The commit waits for the file instead, as one that was not journaled: it takes the shared lock
            // before the next journaled commit can, so that one waits for this one's write of the file.
            plainCommits.readLock().lock();
            return false;
        } finally {
            journalOrder.unlock();
        }
        journaled.incrementAndGet();
        long sinceWrite = journaledSinceWrite.incrementAndGet();
        boolean fillingUp = store == null ? sinceWrite >= WRITE_EVERY_COMMITS : storeFillingUp();
        boolean due = size >= rotateBytes || System.nanoTime() - lastWriteNanos > writeIntervalNanos || fillingUp;
        if (due && rotating.compareAndSet(false, true)) {
            try {
                if (fillingUp && store != null) {
                    writesAhead.incrementAndGet();
                }
                rotate();
            } catch (RuntimeException e) {
                // This commit is in the journal already; the next append past the limit tries again.
            } finally {
                rotating.set(false);
            }
        }
        return true;
    }

    @Override
    public void awaitDurable(boolean journaledCommit) {
        releaseQuiet();
        long ticket;
        if (journaledCommit) {
            running.decrementAndGet();
            // Every commit that was not journaled and returned before this one has taken its ticket once the
            // shared lock is free.
            plainCommits.writeLock().lock();
            try {
                ticket = committed.get();
            } finally {
                plainCommits.writeLock().unlock();
            }
        } else {
            ticket = committed.incrementAndGet();
            running.decrementAndGet();
            releaseCommitLocks();
        }
        awaitWritten(ticket);
    }

    /** Returns once the file holds every commit up to {@code ticket}, writing it when no other thread is. */
    private void awaitWritten(long ticket) {
        synchronized (monitor) {
            while (written < ticket) {
                if (!writing) {
                    writing = true;
                    break;
                }
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the commit was being written to the H2 "
                            + "file; it may not be there yet", e);
                }
            }
            if (written >= ticket) {
                return;
            }
        }
        write(true);
    }

    /** Writes the file for every commit that has returned, as the one thread writing. */
    private void write(boolean gather) {
        long covered = 0;
        boolean stored = false;
        try {
            if (quiet.getReadHoldCount() > 0) {
                throw new IllegalStateException("the H2 file cannot be written by a thread whose transaction is "
                        + "changing rows");
            }
            if (gather) {
                gather();
            }
            quiet.writeLock().lock();
            try {
                covered = committed.get();
                if (store == null) {
                    checkpoint.execute();
                } else {
                    long version = store.getCurrentVersion();
                    if (versionAfterWrite >= 0 && version > versionAfterWrite) {
                        versionsNotWritten.addAndGet(version - versionAfterWrite);
                    }
                    startStore();
                    versionAfterWrite = store.getCurrentVersion();
                }
            } finally {
                quiet.writeLock().unlock();
            }
            if (store != null) {
                // Returns once H2's threads have encoded and written every version taken so far.
                store.executeFilestoreOperation(() -> { });
                if (forceToDisk) {
                    store.sync();
                }
            }
            lastWriteNanos = System.nanoTime();
            journaledSinceWrite.set(0);
            writes.incrementAndGet();
            stored = true;
        } catch (SQLException | MVStoreException e) {
            throw new IllegalStateException("the commit could not be written to the H2 file: " + e.getMessage(),
                    e);
        } finally {
            synchronized (monitor) {
                writing = false;
                if (stored) {
                    written = Math.max(written, covered);
                }
                monitor.notifyAll();
            }
        }
    }

    /**
     * Has H2 take the pages changed since its last version as a new one, which its threads then encode and write to
     * the file ({@code MVStore.tryCommit}), without waiting for them. When another of H2's store operations held its
     * lock, so that none was taken, it stores them as {@code CHECKPOINT} does instead, waiting for that operation.
     */
    private void startStore() {
        boolean changed = store.hasUnsavedChanges();
        long version = store.getCurrentVersion();
        store.tryCommit();
        if (changed && store.getCurrentVersion() == version) {
            store.commit();
        }
    }

    /**
     * Starts a new journal file, writes the database file, which then holds every entry of the rotated journal
     * (each was appended after its commit, and the rotation after every append to it), and deletes that journal.
     */
    private void rotate() {
        if (journal.hasRotated()) {
            // Left by a rotation that failed after its move: the file written now holds its entries too.
            writeNow();
            journal.deleteRotated();
        }
        journal.rotate();
        writeNow();
        journal.deleteRotated();
    }

    /**
     * Waits, holding the monitor, until no thread is writing the file.
     *
     * @return false when interrupted first (the interrupt is kept)
     */
    private boolean awaitNoWriter() {
        while (writing) {
            try {
                monitor.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Writes the file once more, as the one thread writing, whatever the tickets already written. */
    private void writeNow() {
        synchronized (monitor) {
            if (!awaitNoWriter()) {
                throw new IllegalStateException("interrupted before writing the H2 file");
            }
            writing = true;
        }
        write(false);
    }

    /**
     * Whether H2 holds half as many changed pages as make it write its file by itself, while other transactions
     * run: the file is written here first, while none does. H2 writes it by itself in two cases: in the thread whose
     * change takes the changed pages past its limit (about 19 MB), and in a thread whose transaction ends while no
     * other has changes pending, once they are past 3/4 of that limit ({@code TransactionStore.endTransaction}),
     * when a transaction may start changing rows during the write. Half leaves the transactions running when it is
     * passed room to end below the second; a save run with this at 4/5 found H2 writing by itself hundreds of times
     * (docs/benchmarks.md, "H2's limit on changed pages").
     */
    private boolean storeFillingUp() {
        return 2L * store.getUnsavedMemory() > store.getAutoCommitMemory();
    }

    /** H2's store behind an embedded connection, or null when the connection is not one. */
    private static MVStore storeOf(Connection connection) {
        try {
            if (connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
                    && local.getDatabase().getStore() != null) {
                return local.getDatabase().getStore().getMvStore();
            }
        } catch (SQLException | RuntimeException e) {
            // Not an embedded H2 connection: the count of journaled commits decides instead.
        }
        return null;
    }

    private void releaseQuiet() {
        if (quiet.getReadHoldCount() > 0) {
            quiet.readLock().unlock();
        }
    }

    private void releaseCommitLocks() {
        if (journalOrder.isHeldByCurrentThread()) {
            journalOrder.unlock();
        }
        if (plainCommits.getReadHoldCount() > 0) {
            plainCommits.readLock().unlock();
        }
    }

    /** Gives the transactions running now a moment to commit, so that they share this write. */
    private void gather() {
        long deadline = System.nanoTime() + MAX_GATHER_NANOS;
        while (running.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(GATHER_PAUSE_NANOS);
        }
    }

    /** False once H2's store has closed (after a failed write of the file) or this thread's connection was lost. */
    @Override
    public boolean available() {
        try {
            return store != null ? !store.isClosed() : connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** How many times the file was written on behalf of commits (for tests). */
    long writes() {
        return writes.get();
    }

    /**
     * How many writes of the file were made because H2's changed pages had reached the share of its limit that
     * {@link #storeFillingUp()} checks, rather than for a commit's sake or after an interval (for tests).
     */
    long writesAheadOfLimit() {
        return writesAhead.get();
    }

    /**
     * How many versions H2's store moved on between the end of one write of the file and the start of the next, that
     * is, how many times H2 wrote its file by itself (for tests; 0 unless H2 reached one of its own limits).
     */
    long versionsNotWritten() {
        return versionsNotWritten.get();
    }

    /**
     * Sets how long journaled commits wait at most for a write of the file (for tests, so that only H2's changed
     * pages decide when the file is written; {@link #WRITE_INTERVAL_NANOS} otherwise).
     */
    void writeInterval(long nanos) {
        writeIntervalNanos = nanos;
    }

    /** How many commits asked for a write (for tests). */
    long commits() {
        return committed.get();
    }

    /** The journal of saves, or null (for tests). */
    SaveJournal journal() {
        return journal;
    }

    /** How many commits were made durable by the journal (for tests). */
    long journaledCommits() {
        return journaled.get();
    }

    /**
     * Writes the file, which then holds every commit, and empties the journal; then closes the connection.
     */
    @Override
    public void close() {
        try {
            if (journal != null) {
                try {
                    writeNow();
                    journal.clear();
                } catch (RuntimeException e) {
                    // The journal stays and is replayed when the database is opened again; nothing is lost.
                }
                journal.close();
            }
        } finally {
            synchronized (monitor) {
                awaitNoWriter();
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // The database writes everything when its last connection closes; nothing is left to save.
                }
            }
        }
    }
}
