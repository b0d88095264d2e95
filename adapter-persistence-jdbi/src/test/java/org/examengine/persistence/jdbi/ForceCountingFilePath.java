package org.examengine.persistence.jdbi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system (URL {@code jdbc:h2:forcecount:/path/db}) over the real one that counts, per file, how often H2
 * forced the file to the disk. Public with a public constructor, as H2 creates its paths by reflection.
 */
public final class ForceCountingFilePath extends FilePathWrapper {

    static final String SCHEME = "forcecount";
    private static final Map<String, AtomicLong> FORCES = new ConcurrentHashMap<>();

    static {
        FilePath.register(new ForceCountingFilePath());
    }

    /** Registers the file system with H2 (once, whatever the number of calls). */
    static void register() {
        // The static initializer registers.
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
        AtomicLong forces = FORCES.computeIfAbsent(getBase().toString(), k -> new AtomicLong());
        return new Counting(getBase().open(mode), forces);
    }

    private static final class Counting extends FileBase {
        private final FileChannel base;
        private final AtomicLong forces;

        Counting(FileChannel base, AtomicLong forces) {
            this.base = base;
            this.forces = forces;
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
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
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
