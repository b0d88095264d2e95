package org.examengine.persistence.jdbi;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;
import org.examengine.schema.ExamSchema;

/**
 * An append-only file of the writes of committed transactions that only updated sessions and upserted their
 * responses (saves and heartbeats), kept beside an H2 file database so that such a transaction is durable once its
 * entry is appended, without H2 writing its own file for it. Each entry holds the sessions as the transaction left
 * them (version included) and the responses it wrote, behind its length and a CRC-32; a torn last entry (the
 * process killed while appending) is ignored on reading, and was never acknowledged.
 *
 * <p>Entries are appended after their transaction committed, in commit order; {@link JdbiJournalReplay} applies
 * what the database file lacks when the database is opened again. Once H2 has written its file, the entries
 * appended before are covered by it: {@link #rotate()} starts a new file and the caller deletes the old one after
 * that write ({@link #deleteRotated()}).
 *
 * <p>Thread-safe: appends and rotation are serialized.
 */
final class SaveJournal implements AutoCloseable {

    /** The journal's file name beside the database file; the rotated one ends in {@code .old}. */
    static final String FILE_NAME = ExamSchema.H2_JOURNAL_FILE_NAMES.get(0);

    private static final int FORMAT = 1;

    private final Path current;
    private final Path rotated;
    private final boolean force;
    private final FileLock lock;
    private FileChannel channel;
    private long size;
    private long forces;
    // Set when a failed append could not be cut off again: nothing more is appended, commits wait for the file.
    private boolean broken;
    // Set when the journal must outlive close (its entries could not be applied).
    private volatile boolean keep;

    /**
     * A session as one transaction stored it, and the version it found it at: on replay, the entry applies only to a
     * session stored at exactly that version, so that a gap (a write that was not journaled and is not in the file)
     * stops the replay of that session there.
     */
    record SessionWrite(long fromVersion, ExamSession stored) {
    }

    /** One committed transaction's writes: its sessions, and its responses. */
    record Entry(List<SessionWrite> sessions, List<Response> responses) {
    }

    /**
     * Opens (creating when missing) the journal in {@code directory}, and holds the directory's lock until closed:
     * two journals of one database, each rotating the file under the other, would lose saves.
     *
     * @param force whether each append is forced to the disk before it returns
     * @throws IllegalStateException when another journal of this directory is open, in this process or another
     */
    SaveJournal(Path directory, boolean force) {
        this.current = directory.resolve(FILE_NAME);
        this.rotated = directory.resolve(FILE_NAME + ".old");
        this.force = force;
        this.lock = lock(directory);
        FileChannel opened = null;
        try {
            opened = open(current);
            this.size = opened.size();
        } catch (IOException e) {
            closeQuietly(opened);
            release(lock);
            throw new UncheckedIOException("cannot open the journal " + current + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
        this.channel = opened;
        syncDirectory();
    }

    /** Takes the lock of the database in {@code directory}, held by one journal at a time. */
    private static FileLock lock(Path directory) {
        Path file = directory.resolve(FILE_NAME + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                throw new IllegalStateException("the database in " + directory + " is open in another process");
            }
            return taken;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException("the database in " + directory + " is already open in this process: "
                    + "open one storage for a directory and share it", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof IllegalStateException refused) {
                throw refused;
            }
            throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static void release(FileLock lock) {
        closeQuietly(lock.channel());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases its lock; nothing else to do.
        }
    }

    /** The journal files of the database in {@code directory}, the rotated one first, as far as they exist. */
    static List<Path> files(Path directory) {
        List<Path> files = new ArrayList<>();
        for (Path p : List.of(directory.resolve(FILE_NAME + ".old"), directory.resolve(FILE_NAME))) {
            if (Files.exists(p)) {
                files.add(p);
            }
        }
        return files;
    }

    /**
     * Appends one transaction's writes; returns once they are in the file (and on the disk, when forcing).
     *
     * @return the size of the current file after the append
     */
    synchronized long append(List<SessionWrite> sessions, List<Response> responses) {
        if (broken) {
            throw new IllegalStateException("the journal " + current + " is damaged; commits wait for the file");
        }
        ByteBuffer entry = encode(sessions, responses);
        try {
            while (entry.hasRemaining()) {
                channel.write(entry);
            }
            if (force) {
                channel.force(false);
                forces++;
            }
        } catch (IOException e) {
            // A part of the entry may be in the file: cut it off, so that later entries follow whole ones.
            try {
                channel.truncate(size);
            } catch (IOException truncateFailed) {
                broken = true;
                e.addSuppressed(truncateFailed);
            }
            throw new UncheckedIOException("cannot append to the journal " + current + ": " + e.getMessage(), e);
        }
        size += entry.limit();
        return size;
    }

    /**
     * Moves the current file aside and starts a new one. Every entry appended before this call is then in the
     * rotated file; once the database file holds them, {@link #deleteRotated()} drops it.
     *
     * @throws IllegalStateException when a rotated file is still there
     */
    synchronized void rotate() {
        if (Files.exists(rotated)) {
            throw new IllegalStateException("the journal " + rotated + " was not deleted after its rotation");
        }
        try {
            channel.close();
            Files.move(current, rotated, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the journal " + current + ": " + e.getMessage(), e);
        }
        channel = open(current);
        size = 0;
        syncDirectory();
    }

    /** Whether a rotated file is still there (its deletion failed or was not reached). */
    boolean hasRotated() {
        return Files.exists(rotated);
    }

    /** Keeps the journal as it is when it is closed: its entries could not be applied. */
    void keep() {
        keep = true;
    }

    /** Whether {@link #keep()} was called. */
    boolean kept() {
        return keep;
    }

    /** How often an append forced the file to the disk (for tests). */
    synchronized long forces() {
        return forces;
    }

    /** Deletes the rotated file, whose entries the database file now holds. */
    void deleteRotated() {
        try {
            Files.deleteIfExists(rotated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the journal " + rotated + ": " + e.getMessage(), e);
        }
    }

    /** Empties the journal: the database file holds every entry (its database was written as it closed). */
    synchronized void clear() {
        if (keep) {
            return;
        }
        try {
            channel.truncate(0);
            size = 0;
            broken = false;
            if (force) {
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the journal " + current + ": " + e.getMessage(), e);
        }
        deleteRotated();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // What was appended is in the file already; a failed close loses nothing.
        } finally {
            release(lock);
        }
    }

    /** With forcing, puts the directory's entries (a created or renamed journal) on the disk too. */
    private void syncDirectory() {
        if (!force) {
            return;
        }
        try (FileChannel dir = FileChannel.open(current.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be forced; the files themselves are.
        }
    }

    private static FileChannel open(Path file) {
        try {
            FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the entries of {@code file} in order, up to the first torn or damaged one. */
    static List<Entry> read(Path file) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            while (true) {
                int length;
                long crc;
                try {
                    length = in.readInt();
                    crc = in.readInt() & 0xFFFF_FFFFL;
                } catch (EOFException end) {
                    return entries;
                }
                if (length <= 0 || length > (64 << 20)) {
                    return entries;
                }
                byte[] payload = new byte[length];
                try {
                    in.readFully(payload);
                } catch (EOFException torn) {
                    return entries;
                }
                CRC32 check = new CRC32();
                check.update(payload);
                if (check.getValue() != crc) {
                    return entries;
                }
                entries.add(decode(payload));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
    }

    static ByteBuffer encode(List<SessionWrite> sessions, List<Response> responses) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 160 * sessions.size() + 96 * responses.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0);
            out.writeInt(0);
            out.writeByte(FORMAT);
            out.writeInt(sessions.size());
            for (SessionWrite s : sessions) {
                out.writeLong(s.fromVersion());
                writeSession(out, s.stored());
            }
            out.writeInt(responses.size());
            for (Response r : responses) {
                out.writeUTF(r.sessionId().value());
                out.writeUTF(r.questionId().value());
                writeNullableString(out, r.optionId() == null ? null : r.optionId().value());
                out.writeLong(r.clientSeq());
                writeInstant(out, r.savedAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        ByteBuffer entry = ByteBuffer.wrap(all);
        CRC32 crc = new CRC32();
        crc.update(all, 8, all.length - 8);
        entry.putInt(0, all.length - 8);
        entry.putInt(4, (int) crc.getValue());
        return entry;
    }

    private static Entry decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("journal entry of format " + format + ", this version reads " + FORMAT);
        }
        int sessionCount = in.readInt();
        List<SessionWrite> sessions = new ArrayList<>(sessionCount);
        for (int i = 0; i < sessionCount; i++) {
            long from = in.readLong();
            sessions.add(new SessionWrite(from, readSession(in)));
        }
        int responseCount = in.readInt();
        List<Response> responses = new ArrayList<>(responseCount);
        for (int i = 0; i < responseCount; i++) {
            SessionId session = SessionId.of(in.readUTF());
            QuestionId question = QuestionId.of(in.readUTF());
            String option = readNullableString(in);
            long clientSeq = in.readLong();
            Instant savedAt = readInstant(in);
            responses.add(new Response(session, question, option == null ? null : OptionId.of(option), clientSeq,
                    savedAt));
        }
        return new Entry(sessions, responses);
    }

    private static void writeSession(DataOutputStream out, ExamSession s) throws IOException {
        out.writeUTF(s.id().value());
        out.writeUTF(s.assessmentId().value());
        out.writeUTF(s.participantId().value());
        out.writeInt(s.attempt());
        out.writeUTF(s.status().name());
        out.writeUTF(s.packageId().value());
        out.writeLong(s.shuffleSeed());
        out.writeInt(s.totalQuestions());
        writeInstant(out, s.startedAt());
        writeInstant(out, s.completedAt());
        out.writeBoolean(s.scorePercent() != null);
        if (s.scorePercent() != null) {
            out.writeDouble(s.scorePercent());
        }
        out.writeByte(s.passed() == null ? 0 : s.passed() ? 1 : 2);
        writeNullableInt(out, s.lastPageIndex());
        writeNullableInt(out, s.elapsedSeconds());
        writeInstant(out, s.lastSeenAt());
        out.writeLong(s.extraTimeSeconds());
        out.writeLong(s.pausedSeconds());
        writeInstant(out, s.pausedAt());
        out.writeLong(s.creditedSeconds());
        writeNullableString(out, s.closedBy() == null ? null : s.closedBy().name());
        out.writeInt(s.answeredCount());
        out.writeLong(s.version());
    }

    private static ExamSession readSession(DataInputStream in) throws IOException {
        SessionId id = SessionId.of(in.readUTF());
        AssessmentId assessment = AssessmentId.of(in.readUTF());
        ParticipantId participant = ParticipantId.of(in.readUTF());
        int attempt = in.readInt();
        SessionStatus status = SessionStatus.valueOf(in.readUTF());
        PackageId pkg = PackageId.of(in.readUTF());
        long seed = in.readLong();
        int total = in.readInt();
        Instant startedAt = readInstant(in);
        Instant completedAt = readInstant(in);
        Double score = in.readBoolean() ? in.readDouble() : null;
        int passedCode = in.readByte();
        Boolean passed = passedCode == 0 ? null : passedCode == 1;
        Integer lastPage = readNullableInt(in);
        Integer elapsed = readNullableInt(in);
        Instant lastSeen = readInstant(in);
        long extra = in.readLong();
        long paused = in.readLong();
        Instant pausedAt = readInstant(in);
        long credited = in.readLong();
        String closedBy = readNullableString(in);
        int answered = in.readInt();
        long version = in.readLong();
        return new ExamSession(id, assessment, participant, attempt, status, pkg, seed, total, startedAt, completedAt,
                score, passed, lastPage, elapsed, lastSeen, extra, paused, pausedAt, credited,
                closedBy == null ? null : ClosedBy.valueOf(closedBy), answered, version);
    }

    private static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeNullableInt(DataOutputStream out, Integer value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    private static Integer readNullableInt(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    private static void writeNullableString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
