package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.persistence.jdbi.Fixtures.T0;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the JDBI adapter must get right beyond the port contract, on each database: exact instants, the
 * one-statement guarded upsert, row locks, and translating driver failures into port errors.
 */
class JdbiStorageBehaviourTest {

    @TempDir
    Path tempDir;

    private final List<JdbiExamStorage> opened = new ArrayList<>();

    @AfterEach
    void closeStorages() {
        opened.forEach(JdbiExamStorage::close);
    }

    private JdbiExamStorage storage(Backend backend) {
        JdbiExamStorage storage = backend.migrated(tempDir);
        opened.add(storage);
        return storage;
    }

    private static ExamPackage storeGroup(JdbiExamStorage storage, String assessmentId, String... sessionIds) {
        ExamPackage pkg = Fixtures.pkg("p-" + assessmentId, 4);
        storage.packages().insert(pkg);
        storage.assessments().insert(Fixtures.assessment(assessmentId, "Title " + assessmentId, pkg.id()));
        List<ExamSession> sessions = new ArrayList<>();
        for (String id : sessionIds) {
            storage.participants().upsert(Fixtures.participant("w-" + id));
            sessions.add(Fixtures.session(id, assessmentId, "w-" + id, pkg));
        }
        storage.sessions().insertAll(sessions);
        return pkg;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void instantsComeBackExactlyAtMicrosecondPrecision(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        List<Instant> instants = List.of(
                Instant.parse("2030-03-01T08:00:00.123456Z"),
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("2030-03-01T08:00:00.000001Z"),
                Instant.parse("2099-12-31T23:59:59.999999Z"));
        for (int i = 0; i < instants.size(); i++) {
            storage.responses().upsert(new Response(SessionId.of("s1"), QuestionId.of("p-a1-q" + (i + 1)), null, 1,
                    instants.get(i)));
        }

        List<Instant> stored = new ArrayList<>();
        for (int i = 0; i < instants.size(); i++) {
            stored.add(storage.responses().find(SessionId.of("s1"), QuestionId.of("p-a1-q" + (i + 1)))
                    .orElseThrow().savedAt());
        }

        assertThat(stored).containsExactlyElementsOf(instants);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void finerInstantsAreTruncatedToMicrosecondsNotRounded(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        Instant withNanos = Instant.parse("2030-03-01T08:00:00.123456999Z");

        storage.responses().upsert(new Response(SessionId.of("s1"), QuestionId.of("p-a1-q1"), null, 1, withNanos));

        assertThat(storage.responses().find(SessionId.of("s1"), QuestionId.of("p-a1-q1")).orElseThrow().savedAt())
                .isEqualTo(withNanos.truncatedTo(ChronoUnit.MICROS));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSessionWithEveryOptionalFieldSetComesBackEqual(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        ExamPackage pkg = storeGroup(storage, "a1", "s1");
        ExamSession stored = storage.sessions().findById(SessionId.of("s1")).orElseThrow();
        ExamSession full = new ExamSession(stored.id(), stored.assessmentId(), stored.participantId(), 3,
                SessionStatus.COMPLETED, pkg.id(), -7L, 4, T0, T0.plusSeconds(1800).plusNanos(1000), 87.5, true,
                2, 1777, T0.plusSeconds(1799), 600, 120, null, 45, ClosedBy.WORKER, 4, stored.version());

        ExamSession updated = storage.sessions().update(full);

        assertThat(updated.version()).isEqualTo(stored.version() + 1);
        assertThat(storage.sessions().findById(SessionId.of("s1"))).contains(updated);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStaleSessionVersionIsAConcurrentUpdateAndAMissingSessionIsNotFound(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        ExamSession s = storage.sessions().findById(SessionId.of("s1")).orElseThrow();
        storage.sessions().update(s);

        assertThatThrownBy(() -> storage.sessions().update(s))
                .isInstanceOf(ExamException.class)
                .extracting(e -> ((ExamException) e).code()).isEqualTo(ErrorCode.CONCURRENT_UPDATE);
        ExamSession ghost = Fixtures.session("ghost", "a1", "w-ghost", Fixtures.pkg("p-a1", 4));
        assertThatThrownBy(() -> storage.sessions().update(ghost))
                .extracting(e -> ((ExamException) e).code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void duplicateAssessmentsAreRefusedByIdAndByKey(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1");
        Assessment stored = storage.assessments().findById(AssessmentId.of("a1")).orElseThrow();
        Assessment sameId = Fixtures.assessment("a1", "Another title", stored.packageIds().get(0));
        Assessment sameKey = Fixtures.assessment("a2", stored.title(), stored.packageIds().get(0));

        assertThatThrownBy(() -> storage.assessments().insert(sameId))
                .extracting(e -> ((ExamException) e).code()).isEqualTo(ErrorCode.DUPLICATE_ID);
        assertThatThrownBy(() -> storage.assessments().insert(sameKey))
                .extracting(e -> ((ExamException) e).code()).isEqualTo(ErrorCode.DUPLICATE_ASSESSMENT);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRefusedInsertLeavesTheTransactionUsable(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        ExamPackage pkg = storeGroup(storage, "a1", "s1");

        storage.transactions().inTransaction(() -> {
            assertThatThrownBy(() -> storage.sessions().insertAll(List.of(Fixtures.session("s1", "a1", "w-x", pkg))))
                    .extracting(e -> ((ExamException) e).code()).isEqualTo(ErrorCode.DUPLICATE_ID);
            storage.sessions().insertAll(List.of(Fixtures.session("s2", "a1", "w-s2", pkg)));
            return null;
        });

        assertThat(storage.sessions().findById(SessionId.of("s2"))).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSecondSessionForTheSameParticipantInOneAssessmentIsADuplicate(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        ExamPackage pkg = storeGroup(storage, "a1", "s1");

        assertThatThrownBy(() -> storage.sessions().insertAll(List.of(Fixtures.session("s9", "a1", "w-s1", pkg))))
                .extracting(e -> ((ExamException) e).code()).isEqualTo(ErrorCode.DUPLICATE_ID);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUpsertReplacesAResponseOnlyWithAHigherClientSeq(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        SessionId s = SessionId.of("s1");
        QuestionId q = QuestionId.of("p-a1-q1");
        Response five = new Response(s, q, OptionId.of("p-a1-q1-a"), 5, T0);

        storage.responses().upsert(five);
        storage.responses().upsert(new Response(s, q, OptionId.of("p-a1-q1-b"), 3, T0.plusSeconds(1)));
        storage.responses().upsert(new Response(s, q, OptionId.of("p-a1-q1-c"), 5, T0.plusSeconds(2)));
        assertThat(storage.responses().find(s, q)).contains(five);

        Response cleared = new Response(s, q, null, 6, T0.plusSeconds(3));
        storage.responses().upsert(cleared);
        assertThat(storage.responses().findBySession(s)).containsExactly(cleared);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void racingUpsertsOfOneNewResponseLeaveOneRowWithTheHighestSeq(Backend backend) throws Exception {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        SessionId s = SessionId.of("s1");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                QuestionId q = QuestionId.of("p-a1-q" + (1 + round % 4));
                long base = round * 100L;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seq = base + t;
                    done.add(pool.submit(() -> {
                        start.await();
                        return storage.transactions().inTransaction(() -> {
                            storage.responses().upsert(new Response(s, q, OptionId.of(q.value() + "-a"), seq, T0));
                            return null;
                        });
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(storage.responses().find(s, q)).map(Response::clientSeq).contains(base + threads - 1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(storage.responses().findBySession(s)).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingTransactionLeavesNothingBehindAndNestedCallsJoinIt(Backend backend) {
        JdbiExamStorage storage = storage(backend);

        assertThatThrownBy(() -> storage.transactions().inTransaction(() -> {
            storage.participants().upsert(Fixtures.participant("outer"));
            return storage.transactions().inTransaction(() -> {
                storage.participants().upsert(Fixtures.participant("inner"));
                assertThat(storage.participants().findById(ParticipantId.of("outer"))).isPresent();
                throw new IllegalStateException("boom");
            });
        })).hasMessage("boom");

        assertThat(storage.participants().findById(ParticipantId.of("outer"))).isEmpty();
        assertThat(storage.participants().findById(ParticipantId.of("inner"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLockedSessionMakesASecondLockerWaitUntilCommit(Backend backend) throws Exception {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        SessionId s = SessionId.of("s1");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = holdLock(pool, storage, s, locked, release, Duration.ofSeconds(10));
            locked.await(10, TimeUnit.SECONDS);
            Future<Long> second = pool.submit(() -> storage.transactions().inTransaction(
                    () -> storage.sessions().findByIdForUpdate(s).orElseThrow().version()));

            Thread.sleep(300);
            assertThat(second).isNotDone();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    @Timeout(60)
    void aLockHeldPastTenSecondsIsAConcurrentUpdateForTheOneWaiting(Backend backend) throws Exception {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        SessionId s = SessionId.of("s1");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            // Held well past the waiting side's limit.
            holdLock(pool, storage, s, locked, release, Duration.ofSeconds(40));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();

            assertThatThrownBy(() -> storage.transactions().inTransaction(
                    () -> storage.sessions().findByIdForUpdate(s).orElseThrow()))
                    .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.CONCURRENT_UPDATE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theJoinedReadOfASaveLocksTheSessionUntilCommit(Backend backend) throws Exception {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        SessionId s = SessionId.of("s1");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> storage.transactions().inTransaction(() -> {
                ExamSession session = storage.lockForAnswer(s, QuestionId.of("q1")).orElseThrow().session();
                locked.countDown();
                await(release);
                return storage.sessions().update(session);
            }));
            locked.await(10, TimeUnit.SECONDS);
            Future<Long> second = pool.submit(() -> storage.transactions().inTransaction(
                    () -> storage.lockForAnswer(s, QuestionId.of("q2")).orElseThrow().session().version()));

            Thread.sleep(300);
            assertThat(second).isNotDone();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDeadlockIsReportedAsAConcurrentUpdate(Backend backend) throws Exception {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1", "s2");
        CountDownLatch bothLocked = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = pool.submit(() -> lockBoth(storage, "s1", "s2", bothLocked));
            Future<?> two = pool.submit(() -> lockBoth(storage, "s2", "s1", bothLocked));
            List<ErrorCode> failures = new ArrayList<>();
            for (Future<?> f : List.of(one, two)) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ExamException.class);
                    failures.add(((ExamException) e.getCause()).code());
                }
            }
            assertThat(failures).isNotEmpty().containsOnly(ErrorCode.CONCURRENT_UPDATE);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Object lockBoth(JdbiExamStorage storage, String first, String second, CountDownLatch bothLocked) {
        return storage.transactions().inTransaction(() -> {
            ExamSession a = storage.sessions().findByIdForUpdate(SessionId.of(first)).orElseThrow();
            bothLocked.countDown();
            await(bothLocked);
            ExamSession b = storage.sessions().findByIdForUpdate(SessionId.of(second)).orElseThrow();
            storage.sessions().update(a);
            return storage.sessions().update(b);
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRevocationWhoseAuditLineCannotBeWrittenIsNotMade(Backend backend) throws Exception {
        JdbiExamStorage storage = storage(backend);
        ExamEngine engine = ExamEngine.builder().storage(storage).tokens(storage.tokens()).build();
        Actor admin = Actor.admin("admin");
        IssuedToken issued = engine.issueToken().issueToken(new IssueTokenCommand(admin, Actor.hc("hc-1"), null));
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            // The revocation's audit line now fails after its update of the token ran.
            st.execute("ALTER TABLE audit_events RENAME TO audit_events_away");
        }

        assertThatThrownBy(() -> engine.revokeToken().revokeToken(new RevokeTokenCommand(admin, issued.tokenId())))
                .isNotInstanceOf(ExamException.class);

        assertThat(storage.tokens().findById(issued.tokenId()).orElseThrow().revokedAt())
                .as("the token is still active").isNull();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void auditEventsAndAttemptsComeBackInAppendOrder(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");
        SessionId s = SessionId.of("s1");
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AuditEvent e = new AuditEvent(T0.plusSeconds(10 - i), Actor.hc("hc-1"), AuditAction.TIME_EXTENDED,
                    AssessmentId.of("a1"), i == 4 ? null : s, "InProgress", "InProgress", "extra +" + i);
            storage.audit().append(e);
            events.add(e);
        }
        assertThat(storage.audit().findBySession(s)).containsExactlyElementsOf(events.subList(0, 4));
        assertThat(storage.audit().findByAssessment(AssessmentId.of("a1"))).containsExactlyElementsOf(events);

        ExamSession session = storage.sessions().findById(s).orElseThrow();
        AttemptRecord first = new AttemptRecord(s, 2, session.packageId(), SessionStatus.COMPLETED,
                ClosedBy.HC, T0, T0.plus(Duration.ofMinutes(30)), 50.0, false,
                List.of(new Response(s, QuestionId.of("p-a1-q2"), OptionId.of("p-a1-q2-b"), 9, T0),
                        new Response(s, QuestionId.of("p-a1-q1"), null, 4, T0.plusSeconds(1))), T0.plusSeconds(3600));
        AttemptRecord second = new AttemptRecord(s, 1, session.packageId(),
                SessionStatus.ABANDONED, ClosedBy.TIMEOUT, null, T0, null, null, List.of(), T0.plusSeconds(7200));
        storage.history().append(first);
        storage.history().append(second);

        assertThat(storage.history().findBySession(s)).containsExactly(first, second);
        assertThat(storage.history().findBySession(SessionId.of("other"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void migratingTwiceChangesNothing(Backend backend) {
        JdbiExamStorage storage = storage(backend);
        storeGroup(storage, "a1", "s1");

        int secondRun = Migrations.migrate(storage.dataSource());

        assertThat(secondRun).isZero();
        assertThat(storage.sessions().findById(SessionId.of("s1"))).isPresent();
        assertThat(storage.migrate()).isSameAs(storage);
    }

    /** Locks the session in a transaction on {@code pool}, signals {@code locked}, and commits once released. */
    private static Future<?> holdLock(ExecutorService pool, JdbiExamStorage storage, SessionId s,
                                      CountDownLatch locked, CountDownLatch release, Duration limit) {
        return pool.submit(() -> storage.transactions().inTransaction(() -> {
            ExamSession session = storage.sessions().findByIdForUpdate(s).orElseThrow();
            locked.countDown();
            await(release, limit);
            return storage.sessions().update(session);
        }));
    }

    private static void await(CountDownLatch latch) {
        await(latch, Duration.ofSeconds(10));
    }

    private static void await(CountDownLatch latch, Duration limit) {
        try {
            if (!latch.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
