package org.examengine.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.testkit.StorageFixtures.T0;
import static org.examengine.testkit.StorageFixtures.assessment;
import static org.examengine.testkit.StorageFixtures.completedSession;
import static org.examengine.testkit.StorageFixtures.fullAssessment;
import static org.examengine.testkit.StorageFixtures.participant;
import static org.examengine.testkit.StorageFixtures.pausedSession;
import static org.examengine.testkit.StorageFixtures.pkg;
import static org.examengine.testkit.StorageFixtures.session;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.examengine.application.port.out.AssessmentSearch;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage port contract: every storage adapter extends this class, returns a fresh, empty storage from
 * {@link #createStorage()} and passes every test unchanged. Instants are compared exactly at microsecond
 * precision, the precision the engine stores.
 */
public abstract class ExamStorageContract {

    protected ExamStorage storage;
    private ExamPackage pkg;
    private Assessment assessment;

    /** A new storage with no data, called before every test. */
    protected abstract ExamStorage createStorage();

    @BeforeEach
    void setUpStorage() {
        storage = createStorage();
        pkg = pkg("p1", 5);
        assessment = assessment("a1", "Forklift basics", LocalDate.of(2026, 3, 2), pkg.id());
        tx(() -> {
            storage.packages().insert(pkg);
            storage.assessments().insert(assessment);
            storage.participants().upsert(participant("w1"));
            storage.participants().upsert(participant("w2"));
        });
    }

    protected void tx(Runnable work) {
        storage.transactions().inTransaction(() -> {
            work.run();
            return null;
        });
    }

    // ------------------------------------------------------------------ packages

    @Test
    void aPackageComesBackWithQuestionsAndOptionsInAuthoringOrder() {
        ExamPackage loaded = storage.packages().findById(pkg.id()).orElseThrow();
        assertThat(loaded).isEqualTo(pkg);
        assertThat(loaded.questions()).extracting(q -> q.id().value()).containsExactly("q1", "q2", "q3", "q4", "q5");
        assertThat(loaded.questions().get(1).options()).extracting(o -> o.id().value())
                .containsExactly("q2.a", "q2.b", "q2.c", "q2.d");
        assertThat(loaded.question(QuestionId.of("q2")).orElseThrow().correctOption().id())
                .isEqualTo(OptionId.of("q2.b"));
        assertThat(loaded.totalWeight()).isEqualTo(pkg.totalWeight());
    }

    @Test
    void anUnknownPackageIsEmpty() {
        assertThat(storage.packages().findById(PackageId.of("nope"))).isEmpty();
    }

    @Test
    void aSecondPackageWithTheSameIdIsRefused() {
        assertThatThrownBy(() -> tx(() -> storage.packages().insert(pkg("p1", 2))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ID);
        assertThat(storage.packages().findById(pkg.id()).orElseThrow().size()).isEqualTo(5);
    }

    // ------------------------------------------------------------------ assessments

    @Test
    void anAssessmentComesBackWithEveryFieldAndItsPolicy() {
        Assessment full = fullAssessment("a-full", pkg.id(), PackageId.of("p2"));
        tx(() -> {
            storage.packages().insert(pkg("p2", 3));
            storage.assessments().insert(full);
        });
        assertThat(storage.assessments().findById(full.id())).contains(full);
        assertThat(storage.assessments().findById(assessment.id())).contains(assessment);
    }

    @Test
    void anAssessmentIsFoundByTitleCategoryAndScheduleDate() {
        assertThat(storage.assessments().findByKey("Forklift basics", "Safety", LocalDate.of(2026, 3, 2)))
                .contains(assessment);
        assertThat(storage.assessments().findByKey("Forklift basics", "Safety", LocalDate.of(2026, 3, 3))).isEmpty();
        assertThat(storage.assessments().findByKey("Forklift", "Safety", LocalDate.of(2026, 3, 2))).isEmpty();
    }

    @Test
    void aSecondAssessmentWithTheSameKeyIsRefused() {
        Assessment twin = assessment("a2", "Forklift basics", LocalDate.of(2026, 3, 2), pkg.id());
        assertThatThrownBy(() -> tx(() -> storage.assessments().insert(twin)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ASSESSMENT);
        assertThat(storage.assessments().findById(twin.id())).isEmpty();
    }

    @Test
    void aSecondAssessmentWithTheSameIdIsRefused() {
        Assessment sameId = assessment("a1", "Other title", LocalDate.of(2026, 4, 1), pkg.id());
        assertThatThrownBy(() -> tx(() -> storage.assessments().insert(sameId)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ID);
    }

    @Test
    void updatingAnAssessmentBumpsItsVersionAndAStaleVersionIsRefused() {
        Assessment closed = storage.transactions().inTransaction(
                () -> storage.assessments().update(assessment.closeEarly(T0.plusSeconds(60))));
        assertThat(closed.version()).isEqualTo(1);
        assertThat(storage.assessments().findById(assessment.id())).contains(closed);

        assertThatThrownBy(() -> tx(() -> storage.assessments().update(assessment.closeEarly(T0.plusSeconds(90)))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.CONCURRENT_UPDATE);
        assertThat(storage.assessments().findById(assessment.id()).orElseThrow().closedEarlyAt())
                .isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void updatingAnUnknownAssessmentIsNotFound() {
        Assessment ghost = assessment("ghost", "Ghost", LocalDate.of(2026, 1, 1), pkg.id());
        assertThatThrownBy(() -> tx(() -> storage.assessments().update(ghost)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ASSESSMENT_NOT_FOUND);
    }

    @Test
    void searchFiltersByTitleCategoryAndDateNewestFirst() {
        tx(() -> {
            storage.assessments().insert(assessment("a2", "Forklift advanced", LocalDate.of(2026, 5, 1), pkg.id()));
            storage.assessments().insert(assessment("a3", "Crane basics", LocalDate.of(2026, 4, 1), pkg.id()));
            storage.assessments().insert(assessment("a4", "Alpha forklift", LocalDate.of(2026, 5, 1), pkg.id()));
        });
        assertThat(ids(new AssessmentSearch("FORKLIFT", null, null, null, 10))).containsExactly("a4", "a2", "a1");
        assertThat(ids(new AssessmentSearch(null, "safety", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30), 10)))
                .containsExactly("a3");
        assertThat(ids(new AssessmentSearch(null, "Other", null, null, 10))).isEmpty();
        assertThat(ids(new AssessmentSearch(null, null, null, null, 2))).containsExactly("a4", "a2");
        assertThat(ids(new AssessmentSearch("100%_'; drop table", null, null, null, 10))).isEmpty();
        // An offset pages through the same order.
        List<String> all = ids(new AssessmentSearch(null, null, null, null, 10));
        assertThat(all).hasSize(4);
        assertThat(ids(new AssessmentSearch(null, null, null, null, 2, 2))).isEqualTo(all.subList(2, 4));
        assertThat(ids(new AssessmentSearch(null, null, null, null, 2, 4))).isEmpty();
        // Same date and title: by id, as Java compares strings (upper case first), on every database.
        Assessment twin = assessment("b-1", "Twin", LocalDate.of(2027, 1, 1), pkg.id());
        tx(() -> {
            storage.assessments().insert(twin);
            storage.assessments().insert(new Assessment(AssessmentId.of("B-2"), twin.title(), "Cranes",
                    twin.scheduleDate(), twin.opensAt(), null, twin.durationMinutes(), twin.passingScorePercent(),
                    twin.policy(), twin.packageIds(), null, 0));
        });
        assertThat(ids(new AssessmentSearch("twin", null, null, null, 10))).containsExactly("B-2", "b-1");
    }

    private List<String> ids(AssessmentSearch search) {
        return storage.assessments().search(search).stream().map(a -> a.id().value()).toList();
    }

    // ------------------------------------------------------------------ participants

    @Test
    void upsertingAParticipantReplacesItAndOptionalFieldsMayBeMissing() {
        tx(() -> storage.participants().upsert(new Participant(ParticipantId.of("w1"), "Renamed", null, null)));
        assertThat(storage.participants().findById(ParticipantId.of("w1")))
                .contains(new Participant(ParticipantId.of("w1"), "Renamed", null, null));
        assertThat(storage.participants().findById(ParticipantId.of("w2"))).contains(participant("w2"));
        assertThat(storage.participants().findById(ParticipantId.of("nobody"))).isEmpty();
    }

    @Test
    void participantsOfAnAssessmentAreThoseWithASessionInIt() {
        Assessment other = assessment("a2", "Other", LocalDate.of(2026, 3, 3), pkg.id());
        tx(() -> {
            storage.participants().upsert(participant("w3"));
            storage.assessments().insert(other);
            storage.sessions().insertAll(List.of(session("s1", assessment, "w1", pkg), session("s2", assessment, "w2", pkg),
                    session("s3", other, "w3", pkg)));
        });
        assertThat(storage.participants().findByAssessment(assessment.id()))
                .containsExactlyInAnyOrder(participant("w1"), participant("w2"));
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void sessionsComeBackWithEveryFieldWhetherSetOrNull() {
        ExamSession fresh = session("s1", assessment, "w1", pkg);
        ExamSession paused = pausedSession("s2", assessment, "w2", pkg);
        tx(() -> storage.participants().upsert(participant("w3")));
        ExamSession completed = completedSession("s3", assessment, "w3", pkg);
        tx(() -> storage.sessions().insertAll(List.of(fresh, paused, completed)));
        assertThat(storage.sessions().findById(fresh.id())).contains(fresh);
        assertThat(storage.sessions().findById(paused.id())).contains(paused);
        assertThat(storage.sessions().findById(completed.id())).contains(completed);
        assertThat(storage.sessions().findById(SessionId.of("nope"))).isEmpty();
    }

    @Test
    void findForUpdateReadsTheSessionInsideATransaction() {
        ExamSession s = session("s1", assessment, "w1", pkg);
        tx(() -> storage.sessions().insertAll(List.of(s)));
        Optional<ExamSession> locked = storage.transactions().inTransaction(
                () -> storage.sessions().findByIdForUpdate(s.id()));
        assertThat(locked).contains(s);
        assertThat(storage.transactions().inTransaction(
                () -> storage.sessions().findByIdForUpdate(SessionId.of("nope")))).isEmpty();
    }

    @Test
    void insertingAnExistingSessionIdInsertsNoneOfTheBatch() {
        tx(() -> storage.sessions().insertAll(List.of(session("s1", assessment, "w1", pkg))));
        tx(() -> storage.participants().upsert(participant("w3")));
        assertThatThrownBy(() -> tx(() -> storage.sessions().insertAll(List.of(
                session("s2", assessment, "w2", pkg), session("s1", assessment, "w3", pkg)))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ID);
        assertThat(storage.sessions().findById(SessionId.of("s2"))).isEmpty();
    }

    @Test
    void aParticipantHasAtMostOneSessionPerAssessment() {
        tx(() -> storage.sessions().insertAll(List.of(session("s1", assessment, "w1", pkg))));
        assertThatThrownBy(() -> tx(() -> storage.sessions().insertAll(List.of(session("s2", assessment, "w1", pkg)))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ID);
        assertThat(storage.sessions().findById(SessionId.of("s2"))).isEmpty();
    }

    @Test
    void updatingASessionStoresEveryFieldAndBumpsTheVersion() {
        ExamSession s = session("s1", assessment, "w1", pkg);
        tx(() -> storage.sessions().insertAll(List.of(s)));
        ExamSession changed = new ExamSession(s.id(), s.assessmentId(), s.participantId(), 2, SessionStatus.COMPLETED,
                s.packageId(), 5L, s.totalQuestions(), T0.plusSeconds(1), T0.plusSeconds(2), 12.5, Boolean.TRUE,
                4, 77, T0.plusSeconds(3), 60, 30, null, 15, ClosedBy.HC, 3, 0);
        ExamSession stored = storage.transactions().inTransaction(() -> storage.sessions().update(changed));
        assertThat(stored).isEqualTo(changed.withVersion(1));
        assertThat(storage.sessions().findById(s.id())).contains(changed.withVersion(1));
    }

    @Test
    void aSessionUpdateFromAStaleVersionIsRefusedAndChangesNothing() {
        ExamSession s = session("s1", assessment, "w1", pkg);
        tx(() -> storage.sessions().insertAll(List.of(s)));
        ExamSession first = storage.transactions().inTransaction(
                () -> storage.sessions().update(s.start(assessment, T0.plusSeconds(1))));
        assertThatThrownBy(() -> tx(() -> storage.sessions().update(s.start(assessment, T0.plusSeconds(2)))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.CONCURRENT_UPDATE);
        assertThat(storage.sessions().findById(s.id())).contains(first);
    }

    @Test
    void severalSessionsAreReadAtOnceLeavingOutMissingOnes() {
        ExamSession s1 = session("s1", assessment, "w1", pkg);
        ExamSession s2 = session("s2", assessment, "w2", pkg);
        tx(() -> storage.sessions().insertAll(List.of(s1, s2)));
        Map<SessionId, ExamSession> found = storage.transactions().inTransaction(() -> storage.sessions()
                .findAllById(List.of(s2.id(), SessionId.of("nope"), s1.id(), s2.id())));
        assertThat(found).containsOnly(Map.entry(s1.id(), s1), Map.entry(s2.id(), s2));
        assertThat(storage.sessions().findAllById(List.of())).isEmpty();
    }

    @Test
    void updatingSeveralSessionsBumpsEachVersionAndOneStaleVersionRefusesThemAll() {
        ExamSession s1 = session("s1", assessment, "w1", pkg);
        ExamSession s2 = session("s2", assessment, "w2", pkg);
        tx(() -> storage.sessions().insertAll(List.of(s1, s2)));
        List<ExamSession> started = List.of(s1.start(assessment, T0.plusSeconds(1)),
                s2.start(assessment, T0.plusSeconds(2)));
        List<ExamSession> stored = storage.transactions().inTransaction(() -> storage.sessions().updateAll(started));
        assertThat(stored).containsExactly(started.get(0).withVersion(1), started.get(1).withVersion(1));
        assertThat(storage.sessions().findById(s2.id())).contains(started.get(1).withVersion(1));

        // s1 moves on from version 1; a batch still holding s1 at version 1 is refused as a whole.
        ExamSession s1Again = storage.transactions().inTransaction(
                () -> storage.sessions().update(stored.get(0).touch(assessment, T0.plusSeconds(30)).session()));
        assertThatThrownBy(() -> tx(() -> storage.sessions().updateAll(List.of(
                stored.get(1).touch(assessment, T0.plusSeconds(40)).session(), stored.get(0).touch(assessment, T0.plusSeconds(50)).session()))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.CONCURRENT_UPDATE);
        assertThat(storage.sessions().findById(s2.id())).contains(stored.get(1));
        assertThat(storage.sessions().findById(s1.id())).contains(s1Again);
    }

    @Test
    void responsesAreReadByTheirKeysAtOnce() {
        SessionId s1 = startedSession();
        tx(() -> storage.participants().upsert(participant("w3")));
        ExamSession other = session("s9", assessment, "w3", pkg);
        tx(() -> storage.sessions().insertAll(List.of(other)));
        QuestionId q1 = QuestionId.of("q1");
        QuestionId q2 = QuestionId.of("q2");
        QuestionId q3 = QuestionId.of("q3");
        tx(() -> storage.responses().upsertAll(List.of(
                new Response(s1, q1, OptionId.of("q1.a"), 1, T0), new Response(s1, q3, OptionId.of("q3.a"), 1, T0),
                new Response(other.id(), q2, OptionId.of("q2.a"), 1, T0),
                new Response(other.id(), q3, null, 2, T0))));
        assertThat(storage.responses().findAll(List.of(new ResponseRepository.Key(s1, q1),
                new ResponseRepository.Key(other.id(), q2), new ResponseRepository.Key(s1, q2),
                new ResponseRepository.Key(SessionId.of("nope"), q1), new ResponseRepository.Key(s1, q1))))
                .containsExactlyInAnyOrder(new Response(s1, q1, OptionId.of("q1.a"), 1, T0),
                        new Response(other.id(), q2, OptionId.of("q2.a"), 1, T0));
        assertThat(storage.responses().findAll(List.of())).isEmpty();
    }

    @Test
    void upsertingSeveralResponsesGuardsEachByItsSequence() {
        SessionId sid = startedSession();
        QuestionId q1 = QuestionId.of("q1");
        QuestionId q2 = QuestionId.of("q2");
        tx(() -> storage.responses().upsert(new Response(sid, q1, OptionId.of("q1.a"), 5, T0)));
        tx(() -> storage.responses().upsertAll(List.of(
                new Response(sid, q1, OptionId.of("q1.b"), 4, T0.plusSeconds(1)),
                new Response(sid, q2, OptionId.of("q2.b"), 1, T0.plusSeconds(1)))));
        tx(() -> storage.responses().upsertAll(List.of(
                new Response(sid, q2, OptionId.of("q2.c"), 2, T0.plusSeconds(2)),
                new Response(sid, q1, OptionId.of("q1.c"), 6, T0.plusSeconds(2)))));
        assertThat(storage.responses().findBySession(sid)).containsExactlyInAnyOrder(
                new Response(sid, q1, OptionId.of("q1.c"), 6, T0.plusSeconds(2)),
                new Response(sid, q2, OptionId.of("q2.c"), 2, T0.plusSeconds(2)));
    }

    @Test
    void updatingAnUnknownSessionIsNotFound() {
        assertThatThrownBy(() -> tx(() -> storage.sessions().update(session("ghost", assessment, "w1", pkg))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_FOUND);
    }

    @Test
    void sessionsAreFoundByAssessmentAndByStatusAndCounted() {
        Assessment other = assessment("a2", "Other", LocalDate.of(2026, 3, 3), pkg.id());
        tx(() -> {
            storage.participants().upsert(participant("w3"));
            storage.assessments().insert(other);
            storage.sessions().insertAll(List.of(session("s1", assessment, "w1", pkg),
                    pausedSession("s2", assessment, "w2", pkg), completedSession("s3", other, "w3", pkg)));
        });
        assertThat(storage.sessions().findByAssessment(assessment.id())).extracting(s -> s.id().value())
                .containsExactlyInAnyOrder("s1", "s2");
        assertThat(storage.sessions().findByAssessment(AssessmentId.of("none"))).isEmpty();
        assertThat(storage.sessions().findByStatus(Set.of(SessionStatus.NOT_STARTED, SessionStatus.COMPLETED)))
                .extracting(s -> s.id().value()).containsExactlyInAnyOrder("s1", "s3");
        Map<AssessmentId, Map<SessionStatus, Integer>> counts =
                storage.sessions().countByStatus(List.of(assessment.id(), other.id(), AssessmentId.of("none")));
        assertThat(counts.get(assessment.id())).containsExactlyInAnyOrderEntriesOf(
                Map.of(SessionStatus.NOT_STARTED, 1, SessionStatus.PAUSED, 1));
        assertThat(counts.get(other.id())).containsExactlyInAnyOrderEntriesOf(Map.of(SessionStatus.COMPLETED, 1));
        assertThat(counts.getOrDefault(AssessmentId.of("none"), Map.of())).isEmpty();
    }

    // ------------------------------------------------------------------ responses

    @Test
    void aNewerSaveReplacesTheResponseAndAnOlderOrEqualOneDoesNot() {
        SessionId sid = startedSession();
        QuestionId q1 = QuestionId.of("q1");
        tx(() -> storage.responses().upsert(new Response(sid, q1, OptionId.of("q1.a"), 5, T0.plusSeconds(1))));
        tx(() -> storage.responses().upsert(new Response(sid, q1, OptionId.of("q1.b"), 4, T0.plusSeconds(2))));
        tx(() -> storage.responses().upsert(new Response(sid, q1, OptionId.of("q1.c"), 5, T0.plusSeconds(3))));
        assertThat(storage.responses().find(sid, q1))
                .contains(new Response(sid, q1, OptionId.of("q1.a"), 5, T0.plusSeconds(1)));

        tx(() -> storage.responses().upsert(new Response(sid, q1, OptionId.of("q1.d"), 6, T0.plusSeconds(4))));
        assertThat(storage.responses().find(sid, q1))
                .contains(new Response(sid, q1, OptionId.of("q1.d"), 6, T0.plusSeconds(4)));
        assertThat(storage.responses().findBySession(sid)).hasSize(1);
    }

    @Test
    void aClearedAnswerIsStoredWithoutOptionAndStillGuardsItsSequence() {
        SessionId sid = startedSession();
        QuestionId q2 = QuestionId.of("q2");
        tx(() -> storage.responses().upsert(new Response(sid, q2, OptionId.of("q2.a"), 1, T0)));
        tx(() -> storage.responses().upsert(new Response(sid, q2, null, 2, T0.plusSeconds(1))));
        tx(() -> storage.responses().upsert(new Response(sid, q2, OptionId.of("q2.c"), 1, T0.plusSeconds(2))));
        Response stored = storage.responses().find(sid, q2).orElseThrow();
        assertThat(stored.isAnswered()).isFalse();
        assertThat(stored.clientSeq()).isEqualTo(2);
    }

    @Test
    void responsesAreListedPerSessionAndDeletedPerSession() {
        SessionId s1 = startedSession();
        tx(() -> storage.sessions().insertAll(List.of(session("s2", assessment, "w2", pkg))));
        SessionId s2 = SessionId.of("s2");
        tx(() -> {
            storage.responses().upsert(new Response(s1, QuestionId.of("q1"), OptionId.of("q1.a"), 1, T0));
            storage.responses().upsert(new Response(s1, QuestionId.of("q2"), OptionId.of("q2.b"), 2, T0));
            storage.responses().upsert(new Response(s2, QuestionId.of("q1"), OptionId.of("q1.c"), 1, T0));
        });
        assertThat(storage.responses().findBySession(s1)).extracting(r -> r.questionId().value())
                .containsExactlyInAnyOrder("q1", "q2");
        tx(() -> storage.responses().deleteBySession(s1));
        assertThat(storage.responses().findBySession(s1)).isEmpty();
        assertThat(storage.responses().findBySession(s2)).hasSize(1);
        assertThat(storage.responses().find(s1, QuestionId.of("q1"))).isEmpty();
    }

    @Test
    void lockingForAnAnswerReadsTheSessionWithItsStoredResponseToThatQuestion() {
        SessionId sid = startedSession();
        Response stored = new Response(sid, QuestionId.of("q2"), OptionId.of("q2.c"), 7, T0.plusSeconds(9));
        tx(() -> {
            storage.responses().upsert(stored);
            storage.responses().upsert(new Response(sid, QuestionId.of("q3"), null, 8, T0.plusSeconds(10)));
        });
        ExamSession session = storage.sessions().findById(sid).orElseThrow();

        ExamStorage.LockedAnswer answered = storage.transactions().inTransaction(
                () -> storage.lockForAnswer(sid, QuestionId.of("q2"))).orElseThrow();
        assertThat(answered.session()).isEqualTo(session);
        assertThat(answered.previous()).contains(stored);

        ExamStorage.LockedAnswer cleared = storage.transactions().inTransaction(
                () -> storage.lockForAnswer(sid, QuestionId.of("q3"))).orElseThrow();
        assertThat(cleared.previous()).hasValueSatisfying(r -> {
            assertThat(r.isAnswered()).isFalse();
            assertThat(r.clientSeq()).isEqualTo(8);
        });

        ExamStorage.LockedAnswer fresh = storage.transactions().inTransaction(
                () -> storage.lockForAnswer(sid, QuestionId.of("q4"))).orElseThrow();
        assertThat(fresh.session()).isEqualTo(session);
        assertThat(fresh.previous()).isEmpty();

        assertThat(storage.transactions().inTransaction(
                () -> storage.lockForAnswer(SessionId.of("nope"), QuestionId.of("q1")))).isEmpty();
    }

    // ------------------------------------------------------------------ history and audit

    @Test
    void attemptsAreKeptOldestFirstWithTheirResponses() {
        SessionId sid = startedSession();
        Response r1 = new Response(sid, QuestionId.of("q1"), OptionId.of("q1.a"), 3, T0.plusSeconds(5));
        Response r2 = new Response(sid, QuestionId.of("q2"), null, 4, T0.plusSeconds(6));
        AttemptRecord first = new AttemptRecord(sid, 1, pkg.id(), SessionStatus.COMPLETED, ClosedBy.WORKER,
                T0, T0.plusSeconds(100), 40.0, false, List.of(r1, r2), T0.plusSeconds(200));
        AttemptRecord second = new AttemptRecord(sid, 2, pkg.id(), SessionStatus.ABANDONED, ClosedBy.HC,
                null, T0.plusSeconds(300), null, null, List.of(), T0.plusSeconds(400));
        tx(() -> storage.history().append(first));
        tx(() -> storage.history().append(second));
        List<AttemptRecord> loaded = storage.history().findBySession(sid);
        assertThat(loaded).hasSize(2);
        assertThat(loaded.get(0)).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(first);
        assertThat(loaded.get(1)).isEqualTo(second);
        assertThat(storage.history().findBySession(SessionId.of("other"))).isEmpty();
    }

    @Test
    void auditEventsAreReadBackInAppendOrderPerSessionAndPerAssessment() {
        SessionId sid = startedSession();
        AuditEvent e1 = new AuditEvent(T0, Actor.admin("root"), AuditAction.ASSESSMENT_SCHEDULED, assessment.id(),
                null, null, "Scheduled", "2 sessions");
        AuditEvent e2 = new AuditEvent(T0.plusSeconds(1), Actor.worker("w1"), AuditAction.SESSION_STARTED,
                assessment.id(), sid, "NotStarted", "InProgress", null);
        AuditEvent e3 = new AuditEvent(T0.plusSeconds(1), Actor.hc("hc-1"), AuditAction.TIME_EXTENDED,
                assessment.id(), sid, "InProgress", "InProgress", "extraTime +5min");
        AuditEvent other = new AuditEvent(T0, Actor.SYSTEM, AuditAction.PACKAGE_IMPORTED, null, null, null, null,
                "package p9");
        tx(() -> {
            storage.audit().append(e1);
            storage.audit().append(e2);
            storage.audit().append(other);
        });
        tx(() -> storage.audit().append(e3));
        assertThat(storage.audit().findBySession(sid)).containsExactly(e2, e3);
        assertThat(storage.audit().findByAssessment(assessment.id())).containsExactly(e1, e2, e3);
        // Every kind, the newest first; the events the fixture appended before come after these.
        assertThat(storage.audit().findRecent(3)).containsExactly(e3, other, e2);
        assertThat(storage.audit().findRecent(1000)).startsWith(e3, other, e2, e1);
    }

    // ------------------------------------------------------------------ transactions

    @Test
    void aTransactionThatThrowsLeavesNothingBehind() {
        SessionId sid = startedSession();
        ExamSession before = storage.sessions().findById(sid).orElseThrow();
        assertThatThrownBy(() -> tx(() -> {
            storage.responses().upsert(new Response(sid, QuestionId.of("q1"), OptionId.of("q1.a"), 1, T0));
            storage.sessions().update(before.extendTime(5, T0));
            storage.assessments().insert(assessment("a9", "Rolled back", LocalDate.of(2026, 9, 9), pkg.id()));
            storage.audit().append(new AuditEvent(T0, Actor.SYSTEM, AuditAction.TIME_EXTENDED, assessment.id(), sid,
                    null, null, null));
            storage.history().append(new AttemptRecord(sid, 1, pkg.id(), SessionStatus.COMPLETED, ClosedBy.WORKER,
                    T0, T0, 1.0, true, List.of(), T0));
            storage.responses().deleteBySession(SessionId.of("unrelated"));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(storage.responses().findBySession(sid)).isEmpty();
        assertThat(storage.sessions().findById(sid)).contains(before);
        assertThat(storage.assessments().findById(AssessmentId.of("a9"))).isEmpty();
        assertThat(storage.audit().findBySession(sid)).isEmpty();
        assertThat(storage.history().findBySession(sid)).isEmpty();
    }

    @Test
    void aNestedTransactionJoinsTheOuterOneAndRollsBackWithIt() {
        SessionId sid = startedSession();
        assertThatThrownBy(() -> tx(() -> {
            storage.transactions().inTransaction(() -> {
                storage.responses().upsert(new Response(sid, QuestionId.of("q3"), OptionId.of("q3.c"), 1, T0));
                return null;
            });
            throw new IllegalStateException("outer fails after inner returned");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(storage.responses().findBySession(sid)).isEmpty();
    }

    @Test
    void aTransactionReadsItsOwnWrites() {
        SessionId sid = startedSession();
        int seen = storage.transactions().inTransaction(() -> {
            storage.responses().upsert(new Response(sid, QuestionId.of("q1"), OptionId.of("q1.a"), 1, T0));
            storage.responses().upsert(new Response(sid, QuestionId.of("q2"), OptionId.of("q2.a"), 1, T0));
            return storage.responses().findBySession(sid).size();
        });
        assertThat(seen).isEqualTo(2);
    }

    private SessionId startedSession() {
        ExamSession s = session("s1", assessment, "w1", pkg);
        tx(() -> {
            storage.sessions().insertAll(List.of(s));
            storage.sessions().update(s.start(assessment, T0.plusSeconds(1)));
        });
        return s.id();
    }
}
