package org.examengine.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.testkit.StorageFixtures.T0;
import static org.examengine.testkit.StorageFixtures.assessment;
import static org.examengine.testkit.StorageFixtures.participant;
import static org.examengine.testkit.StorageFixtures.pkg;
import static org.examengine.testkit.StorageFixtures.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the JPA storage does beyond the port contract, on both databases. */
class JpaStorageBehaviourTest {

    private static final ExamPackage PKG = pkg("p1", 5);
    private static final Assessment ASSESSMENT = assessment("a1", "Forklift basics", LocalDate.of(2026, 3, 2),
            PKG.id());

    @TempDir
    Path tempDir;

    /** A storage holding one package, one assessment, participant w1 and its session s1, started. */
    private JpaExamStorage storageWithStartedSession(Backend backend, Map<String, ?> properties) {
        JpaExamStorage storage = backend.storage(tempDir, properties);
        ExamSession s = session("s1", ASSESSMENT, "w1", PKG);
        storage.transactions().inTransaction(() -> {
            storage.packages().insert(PKG);
            storage.assessments().insert(ASSESSMENT);
            storage.participants().upsert(participant("w1"));
            storage.sessions().insertAll(List.of(s));
            return storage.sessions().update(s.start(ASSESSMENT, T0.plusSeconds(1)));
        });
        return storage;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void instantsAreTruncatedToMicrosecondsNeverRounded(Backend backend) {
        Instant almostNextSecond = Instant.parse("2026-03-02T08:00:59.9999996Z");
        Instant truncated = Instant.parse("2026-03-02T08:00:59.999999Z");
        try (JpaExamStorage storage = storageWithStartedSession(backend, Map.of())) {
            SessionId sid = SessionId.of("s1");
            storage.transactions().inTransaction(() -> {
                storage.responses().upsert(new Response(sid, QuestionId.of("q1"), OptionId.of("q1.a"), 1,
                        almostNextSecond));
                ExamSession current = storage.sessions().findByIdForUpdate(sid).orElseThrow();
                storage.sessions().update(current.pause(ASSESSMENT, almostNextSecond));
                storage.audit().append(new AuditEvent(almostNextSecond, Actor.SYSTEM, AuditAction.TIME_EXTENDED,
                        ASSESSMENT.id(), sid, null, null, null));
                return null;
            });

            assertThat(storage.responses().find(sid, QuestionId.of("q1")).orElseThrow().savedAt())
                    .isEqualTo(truncated);
            assertThat(storage.sessions().findById(sid).orElseThrow().pausedAt()).isEqualTo(truncated);
            assertThat(storage.audit().findBySession(sid)).extracting(AuditEvent::at).containsExactly(truncated);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUpdateThatChangesNothingStillBumpsTheVersion(Backend backend) {
        try (JpaExamStorage storage = storageWithStartedSession(backend, Map.of())) {
            ExamSession stored = storage.sessions().findById(SessionId.of("s1")).orElseThrow();
            ExamSession same = storage.transactions().inTransaction(() -> storage.sessions().update(stored));
            Assessment unchanged = storage.transactions().inTransaction(
                    () -> storage.assessments().update(ASSESSMENT));

            assertThat(same.version()).isEqualTo(stored.version() + 1);
            assertThat(storage.sessions().findById(stored.id())).contains(same);
            assertThat(unchanged.version()).isEqualTo(1);
            assertThat(storage.assessments().findById(ASSESSMENT.id())).contains(unchanged);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void changingThePackageListOfAnAssessmentBumpsItsVersionOnceAndKeepsTheOrder(Backend backend) {
        try (JpaExamStorage storage = storageWithStartedSession(backend, Map.of())) {
            storage.transactions().inTransaction(() -> {
                storage.packages().insert(pkg("p2", 2));
                storage.packages().insert(pkg("p3", 2));
                return null;
            });
            Assessment reordered = new Assessment(ASSESSMENT.id(), ASSESSMENT.title(), ASSESSMENT.category(),
                    ASSESSMENT.scheduleDate(), ASSESSMENT.opensAt(), null, 45, ASSESSMENT.passingScorePercent(),
                    ASSESSMENT.policy(), List.of(PackageId.of("p3"), PackageId.of("p1"), PackageId.of("p2")), null, 0);
            Assessment stored = storage.transactions().inTransaction(() -> storage.assessments().update(reordered));
            Assessment shorter = storage.transactions().inTransaction(() -> storage.assessments().update(
                    new Assessment(stored.id(), stored.title(), stored.category(), stored.scheduleDate(),
                            stored.opensAt(), null, 45, stored.passingScorePercent(), stored.policy(),
                            List.of(PackageId.of("p2")), null, stored.version())));

            assertThat(stored.version()).isEqualTo(1);
            assertThat(shorter.version()).isEqualTo(2);
            assertThat(storage.assessments().findById(ASSESSMENT.id())).contains(shorter);
            assertThat(storage.assessments().findByKey(ASSESSMENT.title(), ASSESSMENT.category(),
                    ASSESSMENT.scheduleDate()).orElseThrow().packageIds()).containsExactly(PackageId.of("p2"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aResponseReadAgainAfterAnUpsertInTheSameTransactionShowsTheUpsert(Backend backend) {
        try (JpaExamStorage storage = storageWithStartedSession(backend, Map.of())) {
            SessionId sid = SessionId.of("s1");
            QuestionId q1 = QuestionId.of("q1");
            Response newer = new Response(sid, q1, OptionId.of("q1.c"), 2, T0.plusSeconds(2));
            List<Optional<Response>> seen = storage.transactions().inTransaction(() -> {
                storage.responses().upsert(new Response(sid, q1, OptionId.of("q1.a"), 1, T0));
                Optional<Response> first = storage.responses().find(sid, q1);
                storage.responses().upsert(newer);
                Optional<Response> second = storage.responses().find(sid, q1);
                Optional<Response> listed = storage.responses().findBySession(sid).stream().findFirst();
                storage.responses().deleteBySession(sid);
                return List.of(first, second, listed, storage.responses().find(sid, q1));
            });

            assertThat(seen.get(0)).map(Response::clientSeq).contains(1L);
            assertThat(seen.get(1)).contains(newer);
            assertThat(seen.get(2)).contains(newer);
            assertThat(seen.get(3)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUpdateFromAReadThatAnotherTransactionOvertookIsAConcurrentUpdate(Backend backend) throws Exception {
        try (JpaExamStorage storage = storageWithStartedSession(backend, Map.of())) {
            SessionId sid = SessionId.of("s1");
            CountDownLatch read = new CountDownLatch(1);
            CountDownLatch overtaken = new CountDownLatch(1);
            CompletableFuture<ExamSession> slow = CompletableFuture.supplyAsync(() ->
                    storage.transactions().inTransaction(() -> {
                        ExamSession seen = storage.sessions().findById(sid).orElseThrow();
                        read.countDown();
                        await(overtaken);
                        return storage.sessions().update(seen.extendTime(60, T0.plusSeconds(9)));
                    }));
            assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
            ExamSession fast = storage.transactions().inTransaction(() -> storage.sessions().update(
                    storage.sessions().findById(sid).orElseThrow().extendTime(5, T0.plusSeconds(8))));
            overtaken.countDown();

            assertThatThrownBy(() -> slow.get(20, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.CONCURRENT_UPDATE);
            assertThat(storage.sessions().findById(sid)).contains(fast);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSaveAnswerCostsOneStatementPerPortCall(Backend backend) {
        try (JpaExamStorage storage = backend.storage(tempDir, Map.of(AvailableSettings.GENERATE_STATISTICS, true))) {
            Instant opens = Instant.parse("2030-05-04T08:00:00Z");
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(new ManualClock(opens.plusSeconds(60)))
                    .build();
            Actor admin = Actor.admin("admin");
            engine.importPackage().importPackage(SampleExam.packageCommand(admin, "pkg", 5));
            ScheduledAssessment.ScheduledSession s = engine.scheduleAssessment().scheduleAssessment(
                    SampleExam.schedule(admin, "a", "A", opens, 60, 50, ExamPolicy.defaults(),
                            List.of(PackageId.of("pkg")), 1)).sessions().get(0);
            Actor worker = Actor.worker(s.participantId().value());
            engine.startExam().startExam(new SessionCommand(worker, s.sessionId()));
            // The first save also reads the assessment, which the engine then keeps while the session is open.
            engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, s.sessionId(), SampleExam.question(1),
                    SampleExam.correctOption(1), 0, 1));
            Statistics statistics = storage.entityManagerFactory().unwrap(SessionFactory.class).getStatistics();

            statistics.clear();
            engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, s.sessionId(), SampleExam.question(2),
                    SampleExam.correctOption(2), 0, 2));

            assertThat(statistics.getPrepareStatementCount())
                    .as("lock the session, read the stored response, upsert it, update the session")
                    .isEqualTo(4);
            assertThat(statistics.getOptimisticFailureCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDuplicateNeverLeaksAPersistenceException(Backend backend) {
        try (JpaExamStorage storage = storageWithStartedSession(backend, Map.of())) {
            assertThatThrownBy(() -> storage.transactions().inTransaction(() -> {
                storage.sessions().insertAll(List.of(session("s9", ASSESSMENT, "w9", PKG),
                        session("s9", ASSESSMENT, "w8", PKG)));
                return null;
            })).isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ID);
            assertThat(storage.sessions().findById(SessionId.of("s9"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theStorageIsAvailableWhileItsDatabaseAnswersAndNotOnceClosed(Backend backend) {
        JpaExamStorage storage = storageWithStartedSession(backend, Map.of());
        assertThat(storage.available()).as("open").isTrue();
        storage.close();

        assertThat(storage.available()).as("closed").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aClosedStorageFailsWithAnIllegalStateException(Backend backend) {
        JpaExamStorage storage = storageWithStartedSession(backend, Map.of());
        storage.close();
        storage.close();

        assertThatThrownBy(() -> storage.sessions().findById(SessionId.of("s1")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDirectoryWhoseJournalHoldsSavesTheJdbiStorageLeftIsRefused() throws IOException {
        // What a JDBI storage killed mid-exam leaves: its journal of saves beside the database file.
        Files.write(tempDir.resolve("exam-engine.journal"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> JpaExamStorage.h2File(tempDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exam-engine.journal holds saves").hasMessageContaining("JDBI storage");
        assertThat(tempDir.resolve("exam-engine.mv.db")).as("nothing was opened").doesNotExist();

        // An emptied journal, as a storage that closed leaves it, is no obstacle.
        Files.write(tempDir.resolve("exam-engine.journal"), new byte[0]);
        try (JpaExamStorage storage = JpaExamStorage.h2File(tempDir)) {
            assertThat(storage.sessions().findById(SessionId.of("s1"))).isEmpty();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
