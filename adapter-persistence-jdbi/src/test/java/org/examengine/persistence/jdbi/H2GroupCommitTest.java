package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.persistence.jdbi.Fixtures.T0;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit of {@link JdbiExamStorage#h2File(Path)}: every transaction that wrote waits for a write of
 * the file, transactions committing at the same time share one, and reads wait for none. (That a commit is in
 * the file when it returns is {@link AcknowledgedSavesSurviveSigkillTest}.)
 */
class H2GroupCommitTest {

    private static final int THREADS = 8;
    private static final int SAVES_PER_THREAD = 200;

    @TempDir
    Path tempDir;

    private JdbiExamStorage storage;
    private H2GroupCommit groupCommit;

    @BeforeEach
    void open() {
        storage = JdbiExamStorage.h2File(tempDir, 16).migrate();
        groupCommit = (H2GroupCommit) storage.durability();
        ExamPackage pkg = Fixtures.pkg("p", 4);
        storage.packages().insert(pkg);
        storage.assessments().insert(Fixtures.assessment("a", "Group commit", pkg.id()));
        List<ExamSession> sessions = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            storage.participants().upsert(Fixtures.participant("w" + t));
            sessions.add(Fixtures.session("s" + t, "a", "w" + t, pkg));
        }
        storage.sessions().insertAll(sessions);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void concurrentCommitsShareWritesOfTheFileAndEachOneWaitsForOne() throws Exception {
        long commitsBefore = groupCommit.commits();
        long writesBefore = groupCommit.writes();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                SessionId session = SessionId.of("s" + t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= SAVES_PER_THREAD; i++) {
                        QuestionId q = QuestionId.of("p-q" + (1 + i % 4));
                        long seq = i;
                        storage.transactions().inTransaction(() -> {
                            storage.sessions().findByIdForUpdate(session);
                            storage.responses().upsert(new Response(session, q, OptionId.of(q.value() + "-a"), seq,
                                    T0));
                            return null;
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long commits = groupCommit.commits() - commitsBefore;
        long writes = groupCommit.writes() - writesBefore;
        assertThat(commits).isEqualTo((long) THREADS * SAVES_PER_THREAD);
        assertThat(writes).as("writes of the file for %d commits", commits).isPositive().isLessThan(commits);
        for (int t = 0; t < THREADS; t++) {
            assertThat(storage.responses().findBySession(SessionId.of("s" + t))).hasSize(4)
                    .allSatisfy(r -> assertThat(r.clientSeq()).isGreaterThan(SAVES_PER_THREAD - 4));
        }
    }

    @Test
    void aTransactionWritingOnlySessionsAndTheirResponsesIsJournaledInsteadOfWritingTheFile() {
        long journaledBefore = groupCommit.journaledCommits();
        long commitsBefore = groupCommit.commits();
        SessionId s0 = SessionId.of("s0");

        storage.transactions().inTransaction(() -> {
            storage.sessions().update(storage.sessions().findByIdForUpdate(s0).orElseThrow());
            storage.responses().upsert(new Response(s0, QuestionId.of("p-q1"), OptionId.of("p-q1-a"), 1, T0));
            return null;
        });
        assertThat(groupCommit.journaledCommits()).isEqualTo(journaledBefore + 1);
        assertThat(groupCommit.commits()).as("commits that waited for the file").isEqualTo(commitsBefore);

        // A response without its session's update has no version to be ordered by on replay.
        storage.transactions().inTransaction(() -> {
            storage.responses().upsert(new Response(s0, QuestionId.of("p-q2"), OptionId.of("p-q2-a"), 2, T0));
            return null;
        });
        // Any other write (here a participant) makes the transaction wait for the file.
        storage.transactions().inTransaction(() -> {
            storage.sessions().update(storage.sessions().findByIdForUpdate(s0).orElseThrow());
            storage.participants().upsert(Fixtures.participant("w-new"));
            return null;
        });
        assertThat(groupCommit.journaledCommits()).isEqualTo(journaledBefore + 1);
        assertThat(groupCommit.commits()).isEqualTo(commitsBefore + 2);
    }

    @Test
    void readsDoNotAskForAWriteAndAWriteOutsideATransactionDoes() {
        long commitsBefore = groupCommit.commits();
        storage.transactions().inTransaction(() -> storage.sessions().findByIdForUpdate(SessionId.of("s0")));
        storage.sessions().findById(SessionId.of("s1"));
        storage.responses().findBySession(SessionId.of("s1"));
        assertThat(groupCommit.commits()).isEqualTo(commitsBefore);

        storage.responses().upsert(new Response(SessionId.of("s1"), QuestionId.of("p-q1"), OptionId.of("p-q1-a"), 1,
                T0));
        assertThat(groupCommit.commits()).isEqualTo(commitsBefore + 1);
        assertThat(groupCommit.writes()).isPositive();
    }

    /**
     * Saves that change far more pages than H2 keeps unwritten before it writes its file by itself: the group commit
     * writes the file first each time, so H2 never writes it on its own (which it would do while other transactions
     * change rows). One thread, so that every transaction ends while none other has changes pending: H2 then writes
     * by itself as soon as its changed pages pass 3/4 of its limit, which a threshold at or above that would let
     * happen here.
     */
    @Test
    void savesChangingMorePagesThanH2KeepsUnwrittenNeverLetH2WriteItsFileByItself() {
        // Only the changed pages decide when the file is written, however fast this machine saves.
        groupCommit.writeInterval(TimeUnit.HOURS.toNanos(1));
        ExamPackage pkg = Fixtures.pkg("big", 50);
        storage.packages().insert(pkg);
        storage.assessments().insert(Fixtures.assessment("b", "Many pages", pkg.id()));
        List<ExamSession> sessions = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            storage.participants().upsert(Fixtures.participant("m" + i));
            sessions.add(Fixtures.session("m" + i, "b", "m" + i, pkg));
        }
        storage.sessions().insertAll(sessions);
        long aheadBefore = groupCommit.writesAheadOfLimit();
        long journaledBefore = groupCommit.journaledCommits();

        for (int pass = 1; pass <= 3; pass++) {
            for (ExamSession s : sessions) {
                long seq = pass;
                storage.transactions().inTransaction(() -> {
                    storage.sessions().update(storage.sessions().findByIdForUpdate(s.id()).orElseThrow());
                    storage.responses().upsertAll(pkg.questions().stream()
                            .map(q -> new Response(s.id(), q.id(), q.options().get((int) seq % 3).id(), seq, T0))
                            .toList());
                    return null;
                });
            }
        }

        assertThat(groupCommit.journaledCommits() - journaledBefore).isEqualTo(3L * sessions.size());
        // A commit that waits for a write of the file, which counts what H2 wrote by itself since the last one.
        storage.participants().upsert(Fixtures.participant("after"));
        assertThat(groupCommit.versionsNotWritten()).as("times H2 wrote its file by itself").isZero();
        assertThat(groupCommit.writesAheadOfLimit() - aheadBefore)
                .as("writes of the file made because H2's changed pages neared its limit").isGreaterThanOrEqualTo(2);
        assertThat(storage.responses().findBySession(SessionId.of("m599"))).hasSize(50)
                .allSatisfy(r -> assertThat(r.clientSeq()).isEqualTo(3));
    }

    @Test
    void theFileIsWrittenOnlyWhileNoTransactionIsRunning() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch finish = new CountDownLatch(1);
        try {
            // A transaction holding a row lock, still running.
            Future<?> running = openTransaction(pool, () -> storage.sessions().findByIdForUpdate(SessionId.of("s0")),
                    finish);
            long writesBefore = groupCommit.writes();

            // A write that is not journaled waits for a write of the file, which waits for the running one.
            Future<?> write = pool.submit(() -> storage.participants().upsert(Fixtures.participant("w-late")));
            Thread.sleep(300);
            assertThat(write).as("the write, while a transaction runs").isNotDone();
            assertThat(groupCommit.writes()).isEqualTo(writesBefore);

            finish.countDown();
            running.get(10, TimeUnit.SECONDS);
            write.get(10, TimeUnit.SECONDS);
            assertThat(groupCommit.writes()).isGreaterThan(writesBefore);
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void savesChangeRowsAndCommitWhileH2WritesTheFile() throws Exception {
        Path directory = tempDir.resolve("held");
        String held = directory.toAbsolutePath().toString();
        JdbiExamStorage gated = JdbiExamStorage.h2(InstrumentedFilePath.url(directory), directory, 4,
                H2Durability.WRITTEN_TO_FILE).migrate();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            H2GroupCommit commits = (H2GroupCommit) gated.durability();
            ExamPackage pkg = Fixtures.pkg("p", 2);
            gated.packages().insert(pkg);
            gated.assessments().insert(Fixtures.assessment("a", "Held writes", pkg.id()));
            gated.participants().upsert(Fixtures.participant("w"));
            gated.sessions().insertAll(List.of(Fixtures.session("s", "a", "w", pkg)));
            SessionId session = SessionId.of("s");

            // Every journaled commit now rotates the journal and writes the file, unless another thread is doing so.
            commits.writeInterval(0);
            InstrumentedFilePath.holdWrites(held);
            Future<?> first = pool.submit(() -> save(gated, session, "p-q1"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (InstrumentedFilePath.writesHeld(held) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(InstrumentedFilePath.writesHeld(held)).as("writes of the file held").isPositive();

            // While H2 cannot finish writing the file, another save changes its rows and commits.
            pool.submit(() -> save(gated, session, "p-q2")).get(10, TimeUnit.SECONDS);
            assertThat(first).as("the save writing the file").isNotDone();

            InstrumentedFilePath.letWrites(held);
            first.get(10, TimeUnit.SECONDS);
            assertThat(gated.responses().findBySession(session)).extracting(r -> r.questionId().value())
                    .containsExactlyInAnyOrder("p-q1", "p-q2");
        } finally {
            InstrumentedFilePath.letWrites(held);
            pool.shutdownNow();
            gated.close();
        }
    }

    /** A save as the engine makes one: the session's update and the response's upsert, journaled. */
    private static void save(JdbiExamStorage storage, SessionId session, String question) {
        QuestionId q = QuestionId.of(question);
        storage.transactions().inTransaction(() -> {
            storage.sessions().update(storage.sessions().findByIdForUpdate(session).orElseThrow());
            storage.responses().upsert(new Response(session, q, OptionId.of(question + "-b"), 1, T0));
            return null;
        });
    }

    @Test
    void aTransactionThatOnlyReadsDoesNotHoldUpAWriteOfTheFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch finish = new CountDownLatch(1);
        try {
            Future<?> reading = openTransaction(pool, () -> {
                storage.sessions().findById(SessionId.of("s0"));
                storage.responses().findBySession(SessionId.of("s0"));
            }, finish);
            long writesBefore = groupCommit.writes();

            pool.submit(() -> storage.participants().upsert(Fixtures.participant("w-late"))).get(10, TimeUnit.SECONDS);
            assertThat(groupCommit.writes()).isGreaterThan(writesBefore);
            assertThat(reading).as("the reading transaction, still open").isNotDone();
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code work} in a transaction on {@code pool} and keeps the transaction open until {@code finish} is
     * counted down; returns once {@code work} has run.
     */
    private Future<?> openTransaction(ExecutorService pool, Runnable work, CountDownLatch finish)
            throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Future<?> open = pool.submit(() -> storage.transactions().inTransaction(() -> {
            work.run();
            ran.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        return open;
    }
}
