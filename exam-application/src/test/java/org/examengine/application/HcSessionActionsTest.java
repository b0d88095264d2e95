package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.ExamTestBed.HC;
import static org.examengine.application.sample.SampleExam.correctOption;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.AuditLogEntry;
import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SessionHistory;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HcSessionActionsTest {

    private final ExamTestBed bed = ExamTestBed.standard();

    @BeforeEach
    void open() {
        bed.open();
    }

    @Test
    void forceClosingANotStartedSessionAbandonsIt() {
        MonitoringRow row = bed.engine.forceClose().forceClose(bed.hcOn(1));
        assertThat(row.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(bed.stored(1).closedBy()).isEqualTo(ClosedBy.HC);
        assertThat(row.score()).isNull();
    }

    @Test
    void forceClosingAStartedSessionCompletesItGradedOnSavedAnswers() {
        bed.start(1);
        for (int q = 1; q <= 4; q++) {
            bed.answerCorrectly(1, q, q);
        }
        MonitoringRow row = bed.engine.forceClose().forceClose(bed.hcOn(1));
        assertThat(row.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(row.score()).isEqualTo(20.0);
        assertThat(row.result()).isEqualTo("Fail");
        assertThat(bed.stored(1).closedBy()).isEqualTo(ClosedBy.HC);
    }

    @Test
    void forceClosingAPausedSessionCompletesIt() {
        bed.start(1);
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        assertThat(bed.engine.forceClose().forceClose(bed.hcOn(1)).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(bed.stored(1).pausedAt()).isNull();
    }

    @Test
    void forceClosingAClosedSessionIsRefused() {
        bed.engine.forceClose().forceClose(bed.hcOn(1));
        assertThatThrownBy(() -> bed.engine.forceClose().forceClose(bed.hcOn(1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    /** One worker, three packages to draw from, who answered two questions and submitted. */
    private static ExamTestBed submittedWithTwoAnswers() {
        ExamTestBed multi = new ExamTestBed(1, 10, ExamPolicy.defaults(), 3);
        multi.open();
        multi.start(1);
        multi.answerCorrectly(1, 1, 1);
        multi.answerCorrectly(1, 2, 2);
        multi.submit(1);
        return multi;
    }

    @Test
    void resetKeepsThePreviousAttemptInHistoryAndStartsANewOne() {
        ExamTestBed multi = submittedWithTwoAnswers();
        ExamSession before = multi.stored(1);

        MonitoringRow row = multi.engine.reset().reset(multi.hcOn(1));

        assertThat(row.status()).isEqualTo(SessionStatus.NOT_STARTED);
        assertThat(row.progress()).isZero();
        assertThat(row.score()).isNull();
        ExamSession after = multi.stored(1);
        assertThat(after.attempt()).isEqualTo(2);
        assertThat(after.startedAt()).isNull();
        assertThat(after.shuffleSeed()).isNotEqualTo(before.shuffleSeed());
        assertThat(multi.storage.responses().findBySession(multi.sid(1))).isEmpty();
        List<AttemptRecord> history = multi.storage.history().findBySession(multi.sid(1));
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.attempt()).isEqualTo(1);
            assertThat(h.scorePercent()).isEqualTo(before.scorePercent());
            assertThat(h.startedAt()).isEqualTo(before.startedAt());
            assertThat(h.responses()).hasSize(2);
        });
        multi.start(1);
        assertThat(multi.stored(1).status()).isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void theHistoryOfAResetSessionShowsItsEarlierAttemptAndEveryAuditedStepInOrder() {
        ExamTestBed multi = submittedWithTwoAnswers();
        ExamSession submitted = multi.stored(1);
        multi.engine.reset().reset(multi.hcOn(1));
        multi.start(1);

        SessionHistory history = multi.engine.sessionHistory().getSessionHistory(multi.hcOn(1));

        assertThat(history.attempt()).isEqualTo(2);
        assertThat(history.status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(history.attempts()).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(a.closedBy()).isEqualTo(ClosedBy.WORKER);
            assertThat(a.scorePercent()).isEqualTo(submitted.scorePercent());
            assertThat(a.answeredCount()).isEqualTo(2);
            assertThat(a.answers()).hasSize(2);
        });
        assertThat(history.events()).extracting(AuditLogEntry::action).containsExactly(
                AuditAction.SESSION_STARTED, AuditAction.SESSION_SUBMITTED, AuditAction.SESSION_RESET,
                AuditAction.SESSION_STARTED);
        assertThat(history.events().get(2).actorId()).isEqualTo(HC.id());
        assertThat(history.events().get(2).before()).isEqualTo("Completed");

        // Only staff read a history, the session's own worker included.
        assertThatThrownBy(() -> multi.engine.sessionHistory().getSessionHistory(
                new SessionCommand(Actor.worker("w-1"), multi.sid(1))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void savesAndSubmitsForTheAttemptAResetEndedAreRefusedAndChangeNothing() {
        ExamTestBed one = new ExamTestBed(1, 10, ExamPolicy.defaults());
        one.open();
        one.start(1);
        one.answerCorrectly(1, 1, 1);
        one.submit(1);
        one.engine.reset().reset(one.hcOn(1));
        one.start(1);
        ExamSession secondAttempt = one.stored(1);

        // A page left open on the first attempt sends a pick, then its submit.
        assertThatThrownBy(() -> one.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(ExamTestBed.worker(1),
                one.sid(1), SampleExam.question(2), correctOption(2), 0, 7, 1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ATTEMPT_ENDED);
        assertThatThrownBy(() -> one.engine.submitExam().submitExam(new SubmitExamCommand(ExamTestBed.worker(1),
                one.sid(1), List.of(), 1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ATTEMPT_ENDED);
        assertThat(one.storage.responses().findBySession(one.sid(1))).isEmpty();
        assertThat(one.stored(1)).isEqualTo(secondAttempt);

        // The new attempt's page, and a client that does not say, are served as before.
        assertThat(one.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(ExamTestBed.worker(1), one.sid(1),
                SampleExam.question(2), correctOption(2), 0, 8, 2)).applied()).isTrue();
        assertThat(one.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(ExamTestBed.worker(1), one.sid(1),
                SampleExam.question(3), correctOption(3), 0, 9)).applied()).isTrue();
        assertThat(one.storage.responses().findBySession(one.sid(1))).hasSize(2);
    }

    @Test
    void resettingAnOpenSessionIsRefused() {
        bed.start(1);
        assertThatThrownBy(() -> bed.engine.reset().reset(bed.hcOn(1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_STILL_OPEN);
        assertThatThrownBy(() -> bed.engine.reset().reset(bed.hcOn(2)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_STILL_OPEN);
    }

    @Test
    void resettingOnceTheLastStartTimeHasPassedIsRefusedAndKeepsTheClosedAttempt() {
        ScheduleAssessmentCommand plain = SampleExam.schedule(ExamTestBed.ADMIN, "asmt-2", "Late shift",
                ExamTestBed.OPENS, ExamTestBed.DURATION_MINUTES, 60, ExamPolicy.defaults(),
                List.of(PackageId.of("pkg-1")), 1);
        Instant closesAt = ExamTestBed.OPENS.plus(Duration.ofHours(1));
        SessionId session = bed.engine.scheduleAssessment().scheduleAssessment(new ScheduleAssessmentCommand(
                plain.actor(), plain.assessmentId(), plain.title(), plain.category(), plain.scheduleDate(),
                plain.opensAt(), closesAt, plain.durationMinutes(), plain.passingScorePercent(), plain.policy(),
                plain.packageIds(), plain.participants())).sessions().get(0).sessionId();
        bed.engine.startExam().startExam(new SessionCommand(ExamTestBed.worker(1), session));
        bed.engine.submitExam().submitExam(new SubmitExamCommand(ExamTestBed.worker(1), session));
        bed.clock.set(closesAt.plusSeconds(60));

        assertThatThrownBy(() -> bed.engine.reset().reset(new SessionCommand(HC, session)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ASSESSMENT_CLOSED);
        assertThat(bed.engine.monitoring().getMonitoringProgress(new MonitoringQuery(HC,
                AssessmentRef.byId(AssessmentId.of("asmt-2")))).resetsAllowed()).isFalse();
        ExamSession kept = bed.storage.sessions().findById(session).orElseThrow();
        assertThat(kept.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(kept.scorePercent()).isNotNull();
        assertThat(bed.storage.history().findBySession(session)).isEmpty();
    }

    @Test
    void reshuffleGivesANotStartedSessionANewOrderAndIsRefusedOnceStarted() {
        long seed = bed.stored(1).shuffleSeed();
        bed.engine.reshuffle().reshuffle(bed.hcOn(1));
        assertThat(bed.stored(1).shuffleSeed()).isNotEqualTo(seed);
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.NOT_STARTED);

        bed.start(1);
        assertThatThrownBy(() -> bed.engine.reshuffle().reshuffle(bed.hcOn(1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ALREADY_STARTED);
    }

    @Test
    void extendTimeMovesTheDeadline() {
        bed.start(1);
        Instant deadline = bed.status(1).deadline();
        MonitoringRow row = bed.engine.extendTime().extendTime(new ExtendTimeCommand(HC, bed.sid(1), 10));
        assertThat(bed.status(1).deadline()).isEqualTo(deadline.plus(Duration.ofMinutes(10)));
        assertThat(row.remainingSeconds()).isEqualTo((ExamTestBed.DURATION_MINUTES + 10) * 60L);
        bed.advanceMinutes(ExamTestBed.DURATION_MINUTES + 5);
        assertThat(bed.answerCorrectly(1, 1, 1).applied()).as("saving in the extra time").isTrue();
    }

    @Test
    void extendingANotStartedSessionIsRefused() {
        assertThatThrownBy(() -> bed.engine.extendTime().extendTime(new ExtendTimeCommand(HC, bed.sid(1), 5)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_IN_PROGRESS);
    }

    @Test
    void pauseFreezesTheRemainingTimeAndResumeMovesTheDeadlineByThePause() {
        bed.start(1);
        Instant deadline = bed.status(1).deadline();
        bed.advanceMinutes(5);
        assertThat(bed.engine.pauseSession().pauseSession(bed.hcOn(1)).status()).isEqualTo(SessionStatus.PAUSED);
        long frozen = bed.status(1).remainingSeconds();
        bed.advanceMinutes(12);
        assertThat(bed.status(1).remainingSeconds()).isEqualTo(frozen);
        assertThat(bed.status(1).status()).isEqualTo(SessionStatus.PAUSED);

        bed.engine.resumeSession().resumeSession(bed.hcOn(1));
        assertThat(bed.status(1).deadline()).isEqualTo(deadline.plus(Duration.ofMinutes(12)));
        assertThat(bed.status(1).remainingSeconds()).isEqualTo(frozen);
    }

    @Test
    void pausingTwiceOrResumingARunningSessionIsRefused() {
        bed.start(1);
        assertThatThrownBy(() -> bed.engine.resumeSession().resumeSession(bed.hcOn(1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_PAUSED);
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        assertThatThrownBy(() -> bed.engine.pauseSession().pauseSession(bed.hcOn(1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_PAUSED);
    }

    @Test
    void closeGroupEarlyClosesEveryOpenSessionAndTheAssessment() {
        bed.start(1);
        bed.answerCorrectly(1, 1, 1);
        bed.start(2);
        bed.submit(2);
        assertThat(bed.monitoring().resetsAllowed()).isTrue();
        MonitoringSnapshot snapshot = bed.engine.closeGroupEarly().closeGroupEarly(
                new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId)));

        assertThat(snapshot.groupStatus()).isEqualTo(GroupStatus.CLOSED);
        assertThat(snapshot.resetsAllowed()).as("the view tells that a reset would be refused").isFalse();
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(bed.stored(1).closedBy()).isEqualTo(ClosedBy.HC);
        assertThat(bed.stored(1).scorePercent()).isEqualTo(5.0);
        assertThat(bed.stored(2).closedBy()).as("already submitted").isEqualTo(ClosedBy.WORKER);
        assertThat(bed.stored(3).status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(bed.status(1).groupStatus()).isEqualTo(GroupStatus.CLOSED);
        assertThat(bed.assessment().isClosedEarly()).isTrue();

        assertThatThrownBy(() -> bed.engine.closeGroupEarly().closeGroupEarly(
                new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ASSESSMENT_CLOSED);
        assertThatThrownBy(() -> bed.engine.reset().reset(bed.hcOn(1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ASSESSMENT_CLOSED);
    }

    @Test
    void workersCannotActOnSessions() {
        SessionCommand asWorker = new SessionCommand(ExamTestBed.worker(1), bed.sid(1));
        assertThatThrownBy(() -> bed.engine.forceClose().forceClose(asWorker))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
        assertThatThrownBy(() -> bed.engine.closeGroupEarly().closeGroupEarly(
                new AssessmentCommand(ExamTestBed.worker(1), AssessmentRef.byId(bed.assessmentId))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.NOT_STARTED);
    }

    @Test
    void unknownSessionsAreNotFound() {
        assertThatThrownBy(() -> bed.engine.forceClose().forceClose(
                new SessionCommand(HC, SessionId.of("missing"))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_FOUND);
    }

    @Test
    void closingALargeGroupEarlyClosesEverySessionInOneGo() {
        ExamTestBed big = new ExamTestBed(50, 5, ExamPolicy.defaults());
        big.open();
        for (int n = 1; n <= 25; n++) {
            big.start(n);
            big.save(n, 1, correctOption(1), 1);
        }
        big.engine.closeGroupEarly().closeGroupEarly(new AssessmentCommand(HC, AssessmentRef.byId(big.assessmentId)));
        assertThat(big.monitoring().summary()).containsEntry(SessionStatus.COMPLETED, 25)
                .containsEntry(SessionStatus.ABANDONED, 25);
    }
}
