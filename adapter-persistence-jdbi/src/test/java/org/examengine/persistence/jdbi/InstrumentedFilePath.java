package org.examengine.persistence.jdbi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system (URL {@code jdbc:h2:instrumented:/path/db}) over the real one that counts, per file, how often
 * H2 forced the file to the disk, and can hold H2's writes to a file until told to let them through. Public with a
 * public constructor, as H2 creates its paths by reflection.
 */
public final class InstrumentedFilePath extends FilePathWrapper {

    static final String SCHEME = "instrumented";
    private static final Map<String, AtomicLong> FORCES = new ConcurrentHashMap<>();
    // The files whose writes are held, by a part of their path, and how many writes wait at each.
    private static final Map<String, CountDownLatch> HELD = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> WAITING = new ConcurrentHashMap<>();

    static {
        FilePath.register(new InstrumentedFilePath());
    }

    /** The URL of the engine's H2 database in {@code directory} on this file system, with the engine's settings. */
    static String url(Path directory) {
        return "jdbc:h2:" + SCHEME + ":" + directory.toAbsolutePath().resolve(JdbiExamStorage.H2_DATABASE_NAME)
                + JdbiExamStorage.H2_SETTINGS;
    }

    /** Holds every write to the files whose path contains {@code part} from now until {@link #letWrites}. */
    static void holdWrites(String part) {
        HELD.put(part, new CountDownLatch(1));
        WAITING.put(part, new AtomicInteger());
    }

    /** Lets the writes held for {@code part} through, and those that follow. */
    static void letWrites(String part) {
        CountDownLatch held = HELD.remove(part);
        if (held != null) {
            held.countDown();
        }
    }

    /** How many writes to the files whose path contains {@code part} are being held now. */
    static int writesHeld(String part) {
        AtomicInteger waiting = WAITING.get(part);
        return waiting == null ? 0 : waiting.get();
    }

    /** How often the files whose path contains {@code part} were forced to the disk so far. */
    static long forces(String part) {
        return FORCES.entrySet().stream().filter(e -> e.getKey().contains(part))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        String path = getBase().toString();
        AtomicLong forces = FORCES.computeIfAbsent(path, k -> new AtomicLong());
        return new Instrumented(getBase().open(mode), path, forces);
    }

    private static final class Instrumented extends FileBase {
        private final FileChannel base;
        private final String path;
        private final AtomicLong forces;

        Instrumented(FileChannel base, String path, AtomicLong forces) {
            this.base = base;
            this.path = path;
            this.forces = forces;
        }

        private void awaitLetThrough() throws IOException {
            for (Map.Entry<String, CountDownLatch> held : HELD.entrySet()) {
                if (path.contains(held.getKey())) {
                    AtomicInteger waiting = WAITING.get(held.getKey());
                    waiting.incrementAndGet();
                    try {
                        held.getValue().await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while the write was held");
                    } finally {
                        waiting.decrementAndGet();
                    }
                }
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            awaitLetThrough();
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            awaitLetThrough();
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            base.force(metaData);
            forces.incrementAndGet();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
