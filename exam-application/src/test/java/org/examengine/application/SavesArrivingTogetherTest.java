package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.out.AssessmentRepository;
import org.examengine.application.port.out.AttemptHistoryRepository;
import org.examengine.application.port.out.AuditLog;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.PackageRepository;
import org.examengine.application.port.out.ParticipantRepository;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.application.port.out.SessionRepository;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.application.sample.SampleExam;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SaveAnswers that arrive while another is running share one transaction, and each still gets exactly the
 * outcome it would get alone: its own result, its own error, and no effect from a neighbour's failure.
 */
class SavesArrivingTogetherTest {

    private static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");
    private static final Actor ADMIN = Actor.admin("admin-1");

    /** In-memory storage whose transactions can be held at their start, and whose batch updates can fail. */
    private static final class ObservedStorage implements ExamStorage {
        final InMemoryExamStorage delegate = new InMemoryExamStorage();
        final AtomicInteger transactions = new AtomicInteger();
        volatile CountDownLatch holdNext;
        final AtomicInteger batchUpdatesToFail = new AtomicInteger();
        final AtomicInteger auditAppendsToFail = new AtomicInteger();
        volatile boolean breakNextBatchUpdate;
        // (only a batch of two sessions or more fails, so that the held save's own batch of one does not)
        private final SessionRepository sessions = failingBatchUpdate();

        private SessionRepository failingBatchUpdate() {
            return (SessionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SessionRepository.class}, (proxy, method, args) -> {
                        if (method.getName().equals("updateAll") && breakNextBatchUpdate
                                && ((List<?>) args[0]).size() > 1) {
                            breakNextBatchUpdate = false;
                            throw new AssertionError("broken on purpose");
                        }
                        if (method.getName().equals("updateAll") && ((List<?>) args[0]).size() > 1
                                && batchUpdatesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new ExamException(ErrorCode.CONCURRENT_UPDATE, "lost a race, on purpose");
                        }
                        try {
                            return method.invoke(delegate.sessions(), args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public TransactionRunner transactions() {
            return new TransactionRunner() {
                @Override
                public <T> T inTransaction(Supplier<T> work) {
                    transactions.incrementAndGet();
                    CountDownLatch hold = holdNext;
                    if (hold != null) {
                        holdNext = null;
                        try {
                            hold.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return delegate.transactions().inTransaction(work);
                }
            };
        }

        @Override
        public SessionRepository sessions() {
            return sessions;
        }

        @Override
        public AssessmentRepository assessments() {
            return delegate.assessments();
        }

        @Override
        public PackageRepository packages() {
            return delegate.packages();
        }

        @Override
        public ParticipantRepository participants() {
            return delegate.participants();
        }

        @Override
        public ResponseRepository responses() {
            return delegate.responses();
        }

        @Override
        public AttemptHistoryRepository history() {
            return delegate.history();
        }

        @Override
        public AuditLog audit() {
            AuditLog audit = delegate.audit();
            return (AuditLog) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AuditLog.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("append")
                                && auditAppendsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new ExamException(ErrorCode.STORAGE_UNAVAILABLE, "out of reach, on purpose");
                        }
                        try {
                            return method.invoke(audit, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    private final ObservedStorage storage = new ObservedStorage();
    private final ManualClock clock = new ManualClock(OPENS.plusSeconds(10));
    // One lane, so that every queued save meets in the same batch whatever the sessions' ids.
    private final ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock)
            .random(new SeededRandomSource(5)).saveLanes(1).build();
    private final List<SessionId> sessions = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    SavesArrivingTogetherTest() {
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "pkg", 10));
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                "a", "Together", OPENS, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("pkg")), 4));
        scheduled.sessions().forEach(s -> sessions.add(s.sessionId()));
        for (int n = 1; n <= 3; n++) {
            engine.startExam().startExam(new SessionCommand(worker(n), sessions.get(n - 1)));
        }
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static Actor worker(int n) {
        return Actor.worker("w-" + n);
    }

    private SaveAnswerCommand save(int worker, int session, int question, long seq) {
        return new SaveAnswerCommand(worker(worker), sessions.get(session - 1), SampleExam.question(question),
                SampleExam.correctOption(question), 0, seq);
    }

    private Future<SavedAnswer> submit(SaveAnswerCommand command) {
        return pool.submit(() -> engine.saveAnswer().saveAnswer(command));
    }

    /** Holds the next transaction at its start, runs {@code first} into it, and waits until it is held. */
    private Future<SavedAnswer> holdWith(SaveAnswerCommand first, CountDownLatch release) throws Exception {
        int before = storage.transactions.get();
        storage.holdNext = release;
        Future<SavedAnswer> held = submit(first);
        while (storage.transactions.get() == before) {
            Thread.sleep(1);
        }
        return held;
    }

    /** Waits until {@code n} more threads of the pool are parked, waiting for their save. */
    private void awaitQueued(List<Future<SavedAnswer>> queued) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getState() == Thread.State.WAITING)
                .filter(t -> List.of(t.getStackTrace()).stream()
                        .anyMatch(f -> f.getClassName().endsWith("SaveCombiner") && f.getMethodName().equals("save")))
                .count() < queued.size() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void aSaveWhoseBatchFailsInTheStorageAfterItWasWrittenIsRunAgainNotReportedFailed() {
        ObservedStorage observed = new ObservedStorage();
        ExamEngine credited = ExamEngine.builder().storage(observed).clock(clock).random(new SeededRandomSource(5))
                .saveLanes(1).build();
        credited.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "pkg", 10));
        SessionId sid = credited.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, "c", "Credited",
                OPENS, 30, 60, ExamPolicy.defaults().withOutageCreditCap(Duration.ofMinutes(5)),
                List.of(PackageId.of("pkg")), 1)).sessions().get(0).sessionId();
        credited.startExam().startExam(new SessionCommand(worker(1), sid));
        // Silent for longer than offlineAfter: the save earns credit, whose audit line fails once after the save
        // was put into its batch.
        clock.advanceSeconds(90 + 130);
        observed.auditAppendsToFail.set(1);

        SavedAnswer saved = credited.saveAnswer().saveAnswer(new SaveAnswerCommand(worker(1), sid,
                SampleExam.question(1), SampleExam.correctOption(1), 0, 1));

        assertThat(saved.applied()).isTrue();
        assertThat(observed.auditAppendsToFail.get()).isZero();
        assertThat(observed.delegate.responses().findBySession(sid)).hasSize(1);
        assertThat(observed.delegate.sessions().findById(sid).orElseThrow().creditedSeconds()).isEqualTo(130);
        assertThat(observed.delegate.audit().findBySession(sid)).filteredOn(e -> e.action()
                == AuditAction.OUTAGE_CREDITED).hasSize(1);
    }

    @Test
    void savesQueuedBehindARunningOneShareTheNextTransactionAndEachGetsItsOwnOutcome() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<SavedAnswer> first = holdWith(save(1, 1, 1, 1), release);
        int transactionsBefore = storage.transactions.get();
        List<Future<SavedAnswer>> queued = List.of(
                submit(save(2, 2, 1, 1)),
                submit(save(1, 2, 2, 1)),      // worker 1 on worker 2's session: not found, for that save only
                submit(save(3, 3, 4, 7)),
                submit(save(3, 3, 4, 6)));     // older than the save before it in the same batch: stale
        awaitQueued(queued);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).applied()).isTrue();
        SavedAnswer second = queued.get(0).get(10, TimeUnit.SECONDS);
        assertThat(second.sessionId()).isEqualTo(sessions.get(1));
        assertThat(second.answeredCount()).isEqualTo(1);
        assertThatThrownBy(() -> queued.get(1).get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        SavedAnswer newer = queued.get(2).get(10, TimeUnit.SECONDS);
        SavedAnswer older = queued.get(3).get(10, TimeUnit.SECONDS);
        assertThat(newer.applied()).isTrue();
        assertThat(older.applied() || older.clientSeq() == 7).as("the older save applies only if it ran first")
                .isTrue();
        assertThat(storage.responses().find(sessions.get(2), SampleExam.question(4)).orElseThrow().clientSeq())
                .isEqualTo(7);
        assertThat(storage.sessions().findById(sessions.get(2)).orElseThrow().answeredCount()).isEqualTo(1);
        assertThat(storage.sessions().findById(sessions.get(1)).orElseThrow().answeredCount()).isEqualTo(1);
        assertThat(storage.transactions.get() - transactionsBefore)
                .as("the four queued saves ran in one transaction").isEqualTo(1);
    }

    @Test
    void whenTheSharedTransactionFailsItRunsOnceMoreOnWhatIsStored() throws Exception {
        int transactions = sharedTransactionFailing(1);

        assertThat(transactions).as("the failed transaction and the one that ran it again").isEqualTo(2);
    }

    @Test
    void whenTheSharedTransactionFailsTwiceEverySaveInItRunsAlone() throws Exception {
        int transactions = sharedTransactionFailing(2);

        assertThat(transactions).as("two failed transactions and one for each of the three saves").isEqualTo(5);
    }

    /**
     * Three saves queued behind a held one share a transaction whose batch update fails {@code failures} times;
     * every save is applied exactly once all the same.
     *
     * @return how many transactions the queued saves took
     */
    private int sharedTransactionFailing(int failures) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<SavedAnswer> first = holdWith(save(1, 1, 1, 1), release);
        List<Future<SavedAnswer>> queued = List.of(submit(save(2, 2, 1, 1)), submit(save(3, 3, 1, 1)),
                submit(save(2, 2, 2, 2)));
        awaitQueued(queued);
        storage.batchUpdatesToFail.set(failures);
        int before = storage.transactions.get();
        release.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (Future<SavedAnswer> f : queued) {
            assertThat(f.get(10, TimeUnit.SECONDS).applied()).isTrue();
        }
        assertThat(storage.batchUpdatesToFail).as("every planned failure happened").hasValue(0);
        assertThat(storage.sessions().findById(sessions.get(1)).orElseThrow().answeredCount()).isEqualTo(2);
        assertThat(storage.sessions().findById(sessions.get(2)).orElseThrow().answeredCount()).isEqualTo(1);
        assertThat(storage.responses().findBySession(sessions.get(1))).hasSize(2);
        return storage.transactions.get() - before;
    }

    @Test
    void anErrorInTheSharedTransactionReachesEveryCallerInsteadOfLeavingThemWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<SavedAnswer> first = holdWith(save(1, 1, 1, 1), release);
        List<Future<SavedAnswer>> queued = List.of(submit(save(2, 2, 1, 1)), submit(save(3, 3, 1, 1)));
        awaitQueued(queued);
        storage.breakNextBatchUpdate = true;
        release.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (Future<SavedAnswer> f : queued) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfAny(AssertionError.class, IllegalStateException.class);
        }
        assertThat(storage.sessions().findById(sessions.get(1)).orElseThrow().answeredCount()).isZero();
    }

    @Test
    void manyThreadsSavingAtOnceInSeveralLanesLoseAndDuplicateNothing() throws Exception {
        ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).saveLanes(3).build();
        int threads = 12;
        int perThread = 100;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int session = 1 + t % 3;
            int offset = t / 3;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    int question = 1 + (i % 10);
                    long seq = (long) i * 4 + offset;
                    SavedAnswer saved = engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker(session),
                            sessions.get(session - 1), SampleExam.question(question),
                            SampleExam.correctOption(question), 0, seq));
                    assertThat(saved.questionId()).isEqualTo(SampleExam.question(question));
                    assertThat(saved.clientSeq()).isGreaterThanOrEqualTo(seq);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        for (int session = 1; session <= 3; session++) {
            SessionId id = sessions.get(session - 1);
            assertThat(storage.responses().findBySession(id)).hasSize(10);
            assertThat(storage.sessions().findById(id).orElseThrow().answeredCount()).isEqualTo(10);
            for (int question = 1; question <= 10; question++) {
                long highest = (long) (perThread - 10 + question - 1) * 4 + 3;
                assertThat(storage.responses().find(id, SampleExam.question(question)).orElseThrow().clientSeq())
                        .isEqualTo(highest);
            }
        }
    }
}
