package org.examengine.persistence.jdbi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit for an embedded H2 database that writes lazily (H2's {@code WRITE_DELAY} above 0): instead of
 * H2 writing its file once per commit, the threads whose transactions committed while a write of the file
 * was running share the next write. One thread at a time writes (H2's {@code CHECKPOINT}, which stores
 * every committed change to the file) on a connection of its own; a thread whose commit is covered by a write
 * another thread started after that commit returns without writing.
 *
 * <p>Every commit takes a ticket once it has returned. A write first reads the highest ticket taken, so it
 * covers every commit that had returned by then, and then publishes that number as written.
 *
 * <p>When asked to, each write also forces the file to the disk ({@code CHECKPOINT SYNC}), so that what it covers
 * survives a power cut too.
 *
 * <p>Before writing, the writing thread waits up to {@link #MAX_GATHER_NANOS} for the transactions running at
 * that moment to end, so that their commits share the write too; a thread that commits alone writes at once.
 */
final class H2GroupCommit implements CommitDurability {

    /** How long a write waits at most for running transactions to commit and join it: 1 ms. */
    static final long MAX_GATHER_NANOS = 1_000_000;
    private static final long GATHER_PAUSE_NANOS = 20_000;

    private final Connection connection;
    private final PreparedStatement checkpoint;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong writes = new AtomicLong();
    private final Object monitor = new Object();
    // Guarded by monitor: whether a thread is writing, and the highest ticket in the file.
    private boolean writing;
    private long written;

    /**
     * @param forceToDisk whether each write of the file also forces it to the disk
     */
    H2GroupCommit(String jdbcUrl, String user, String password, boolean forceToDisk) {
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, user, password);
            this.checkpoint = connection.prepareStatement(forceToDisk ? "CHECKPOINT SYNC" : "CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the H2 group-commit connection: " + e.getMessage(), e);
        }
    }

    @Override
    public void begin() {
        running.incrementAndGet();
    }

    @Override
    public void end() {
        running.decrementAndGet();
    }

    @Override
    public void awaitDurable() {
        long ticket = committed.incrementAndGet();
        running.decrementAndGet();
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
        write();
    }

    /** Writes the file for every commit that has returned, as the one thread writing. */
    private void write() {
        long covered = 0;
        boolean stored = false;
        try {
            gather();
            covered = committed.get();
            checkpoint.execute();
            writes.incrementAndGet();
            stored = true;
        } catch (SQLException e) {
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

    /** Gives the transactions running now a moment to commit, so that they share this write. */
    private void gather() {
        long deadline = System.nanoTime() + MAX_GATHER_NANOS;
        while (running.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(GATHER_PAUSE_NANOS);
        }
    }

    /** How many times the file was written on behalf of commits (for tests). */
    long writes() {
        return writes.get();
    }

    /** How many commits asked for a write (for tests). */
    long commits() {
        return committed.get();
    }

    @Override
    public void close() {
        synchronized (monitor) {
            while (writing) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The database writes everything when its last connection closes; nothing is left to save.
            }
        }
    }
}
