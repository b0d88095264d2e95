package org.examengine.domain.session;

import org.examengine.domain.shared.SessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

/** The lifecycle table of the specification, row by row, on the aggregate with explicit instants. */
class SessionLifecycleTest {

    private static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");
    private static final Grade GRADE = new Grade(1, 1, 2, 50.0, true);

    private final ExamPackage pkg = new ExamPackage(PackageId.of("p"), "P", List.of(
            new Question(QuestionId.of("q1"), "Q1", List.of(new Option(OptionId.of("a"), "A", true),
                    new Option(OptionId.of("b"), "B", false)), 1),
            new Question(QuestionId.of("q2"), "Q2", List.of(new Option(OptionId.of("c"), "C", true),
                    new Option(OptionId.of("d"), "D", false)), 1)));
    private final Assessment assessment = assessment(ExamPolicy.defaults());
    private final ExamSession fresh = ExamSession.scheduled(SessionId.of("s"), assessment.id(),
            ParticipantId.of("w"), new ExamSession.Draw(pkg.id(), 1L, 2));

    private static Assessment assessment(ExamPolicy policy) {
        return new Assessment(AssessmentId.of("a"), "T", "C", LocalDate.of(2026, 3, 2), OPENS,
                OPENS.plus(Duration.ofHours(1)), 30, 50, policy, List.of(PackageId.of("p")), null, 0);
    }

    private ExamSession started() {
        return fresh.start(assessment, OPENS.plusSeconds(60));
    }

    private static ErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (ExamException e) {
            return e.code();
        }
        throw new AssertionError("no ExamException");
    }

    @Test
    void upcomingBecomesNotStartedWhenTheClockReachesOpensAt() {
        assertThat(fresh.displayStatus(assessment, OPENS.minusSeconds(1))).isEqualTo(SessionStatus.UPCOMING);
        assertThat(fresh.displayStatus(assessment, OPENS)).isEqualTo(SessionStatus.NOT_STARTED);
        assertThat(fresh.status()).isEqualTo(SessionStatus.NOT_STARTED);
    }

    @Test
    void startExamWritesStartedAtOnlyOnce() {
        ExamSession s = started();
        assertThat(s.status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(s.startedAt()).isEqualTo(OPENS.plusSeconds(60));
        assertThat(s.start(assessment, OPENS.plusSeconds(600))).isSameAs(s);
        assertThat(codeOf(() -> fresh.start(assessment, OPENS.minusSeconds(1)))).isEqualTo(ErrorCode.NOT_YET_OPEN);
    }

    @Test
    void submitCompletesInsideGraceAndIsRefusedAfter() {
        ExamSession s = started();
        Instant deadline = s.deadline(assessment, OPENS).orElseThrow();
        ExamSession done = s.submit(assessment, GRADE, deadline.plusSeconds(120));
        assertThat(done.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(done.closedBy()).isEqualTo(ClosedBy.WORKER);
        assertThat(done.isSubmittedByWorker()).isTrue();
        assertThat(codeOf(() -> s.submit(assessment, GRADE, deadline.plusSeconds(121))))
                .isEqualTo(ErrorCode.TIME_EXPIRED);
    }

    @Test
    void expiryFollowsThePolicyOncePastDeadlineAndGrace() {
        ExamSession s = started();
        Instant deadline = s.deadline(assessment, OPENS).orElseThrow();
        assertThat(s.isOverdue(assessment, deadline.plusSeconds(120))).isFalse();
        Instant late = deadline.plusSeconds(121);
        assertThat(s.isOverdue(assessment, late)).isTrue();

        ExamSession auto = s.expire(assessment, GRADE, late);
        assertThat(auto.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(auto.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(auto.completedAt()).isEqualTo(deadline.plusSeconds(120));

        Assessment abandoning = assessment(ExamPolicy.defaults().withExpiry(ExpiryPolicy.ABANDON));
        assertThat(s.closesWithGrade(abandoning, late)).isFalse();
        ExamSession abandoned = s.expire(abandoning, null, late);
        assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(abandoned.scorePercent()).isNull();
    }

    @Test
    void aPageReportingTheTimeUpClosesTheSessionByThePolicyOnlyOnceTheDeadlineHasPassed() {
        ExamSession s = started();
        Instant deadline = s.deadline(assessment, OPENS).orElseThrow();
        assertThat(codeOf(() -> s.closeAtTimeUp(assessment, GRADE, deadline.minusSeconds(1))))
                .isEqualTo(ErrorCode.TIME_NOT_UP);
        assertThat(s.closeAtTimeUp(assessment, GRADE, deadline).closedBy()).as("at the deadline itself")
                .isEqualTo(ClosedBy.TIMEOUT);
        assertThat(codeOf(() -> s.extendTime(5, deadline).closeAtTimeUp(assessment, GRADE, deadline.plusSeconds(1))))
                .isEqualTo(ErrorCode.TIME_NOT_UP);

        ExamSession auto = s.closeAtTimeUp(assessment, GRADE, deadline.plusSeconds(2));
        assertThat(auto.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(auto.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(auto.completedAt()).isEqualTo(deadline.plusSeconds(2));
        assertThat(auto.scorePercent()).isEqualTo(50.0);
        assertThat(auto.isClosedAtTimeUp()).isTrue();
        assertThat(auto.isSubmittedByWorker()).isFalse();

        Assessment abandoning = assessment(ExamPolicy.defaults().withExpiry(ExpiryPolicy.ABANDON));
        ExamSession abandoned = s.closeAtTimeUp(abandoning, null, deadline.plusSeconds(2));
        assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(abandoned.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(abandoned.scorePercent()).isNull();

        assertThat(codeOf(() -> s.closeAtTimeUp(assessment, GRADE, deadline.plusSeconds(121))))
                .isEqualTo(ErrorCode.TIME_EXPIRED);
        assertThat(codeOf(() -> s.pause(assessment, deadline.minusSeconds(1))
                .closeAtTimeUp(assessment, GRADE, deadline.plusSeconds(2)))).isEqualTo(ErrorCode.SESSION_PAUSED);
        assertThat(codeOf(() -> auto.closeAtTimeUp(assessment, GRADE, deadline.plusSeconds(3))))
                .isEqualTo(ErrorCode.TIME_EXPIRED);
    }

    @Test
    void aSessionTheClockClosedAnswersTimeExpiredToSavesAndSubmitsAlike() {
        ExamSession s = started();
        Instant late = s.deadline(assessment, OPENS).orElseThrow().plusSeconds(121);
        for (Assessment policy : List.of(assessment,
                assessment(ExamPolicy.defaults().withExpiry(ExpiryPolicy.ABANDON)))) {
            ExamSession expired = s.expire(policy, policy == assessment ? GRADE : null, late);

            assertThat(codeOf(() -> expired.recordAnswer(policy, pkg, Optional.empty(), QuestionId.of("q1"),
                    OptionId.of("a"), 0, 1, late))).isEqualTo(ErrorCode.TIME_EXPIRED);
            assertThat(codeOf(() -> expired.recordFinalAnswer(policy, pkg, Optional.empty(), QuestionId.of("q1"),
                    OptionId.of("a"), 1, late))).isEqualTo(ErrorCode.TIME_EXPIRED);
            assertThat(codeOf(() -> expired.submit(policy, GRADE, late))).isEqualTo(ErrorCode.TIME_EXPIRED);
        }
        // Closed by HC or submitted by the worker stays SESSION_CLOSED.
        ExamSession byHc = s.forceClose(GRADE, OPENS.plusSeconds(60));
        assertThat(codeOf(() -> byHc.recordAnswer(assessment, pkg, Optional.empty(), QuestionId.of("q1"),
                OptionId.of("a"), 0, 1, OPENS.plusSeconds(61)))).isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void offlineIsShownWithoutChangingTheStatus() {
        ExamSession s = started();
        assertThat(s.isOnline(assessment, OPENS.plusSeconds(150))).isTrue();
        assertThat(s.isOnline(assessment, OPENS.plusSeconds(151))).isFalse();
        assertThat(s.status()).isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void pauseAndResumeDoNotCountAgainstTheWorker() {
        ExamSession s = started();
        Instant deadline = s.deadline(assessment, OPENS).orElseThrow();
        ExamSession paused = s.pause(assessment, OPENS.plusSeconds(120));
        assertThat(paused.status()).isEqualTo(SessionStatus.PAUSED);
        ExamSession resumed = paused.resume(OPENS.plusSeconds(420));
        assertThat(resumed.status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(resumed.deadline(assessment, OPENS.plusSeconds(500))).contains(deadline.plusSeconds(300));
        assertThat(codeOf(() -> s.resume(OPENS))).isEqualTo(ErrorCode.SESSION_NOT_PAUSED);
    }

    @Test
    void anAssessmentsDatesFallInTheYears1970To9999() {
        List<PackageId> packages = List.of(PackageId.of("p"));
        Instant lastMoment = Instant.parse("9999-12-31T23:59:59.999999Z");
        assertThat(new Assessment(AssessmentId.of("a"), "T", "C", LocalDate.of(9999, 12, 31), lastMoment, null, 30,
                50, ExamPolicy.defaults(), packages, null, 0).opensAt()).isEqualTo(lastMoment);
        for (Runnable outOfRange : List.<Runnable>of(
                () -> new Assessment(AssessmentId.of("a"), "T", "C", LocalDate.of(2026, 3, 2), Instant.MAX, null, 30,
                        50, ExamPolicy.defaults(), packages, null, 0),
                () -> new Assessment(AssessmentId.of("a"), "T", "C", LocalDate.of(2026, 3, 2),
                        Instant.parse("1969-12-31T23:59:59Z"), null, 30, 50, ExamPolicy.defaults(), packages, null, 0),
                () -> new Assessment(AssessmentId.of("a"), "T", "C", LocalDate.of(2026, 3, 2), OPENS,
                        lastMoment.plusSeconds(1), 30, 50, ExamPolicy.defaults(), packages, null, 0),
                () -> new Assessment(AssessmentId.of("a"), "T", "C", LocalDate.MAX, OPENS, null, 30, 50,
                        ExamPolicy.defaults(), packages, null, 0))) {
            assertThat(codeOf(outOfRange)).isEqualTo(ErrorCode.INVALID_INPUT);
        }
    }

    @Test
    void noPartOfAPauseCountsAgainstTheWorker() {
        ExamSession s = started();
        Instant deadline = s.deadline(assessment, OPENS).orElseThrow();
        Instant pausedAt = OPENS.plusSeconds(120);
        ExamSession paused = s.pause(assessment, pausedAt);
        long frozen = paused.remainingSeconds(assessment, pausedAt).orElseThrow();
        for (long millis = 0; millis <= 3_000; millis += 100) {
            assertThat(paused.remainingSeconds(assessment, pausedAt.plusMillis(millis))).as("paused %d ms", millis)
                    .contains(frozen);
        }
        Instant resumedAt = pausedAt.plusMillis(1_900);
        ExamSession resumed = paused.resume(resumedAt);
        // 1.9 s of pause moves the deadline by 2 s: rounded up to the paused time's whole seconds, never down.
        assertThat(resumed.pausedSeconds()).isEqualTo(2);
        assertThat(resumed.deadline(assessment, resumedAt)).contains(deadline.plusSeconds(2));
        assertThat(resumed.remainingSeconds(assessment, resumedAt).orElseThrow()).isGreaterThanOrEqualTo(frozen);
    }

    @Test
    void aSilenceBeforeAPauseStaysASilenceAfterIt() {
        ExamSession s = started().touch(assessment, OPENS.plusSeconds(10)).session();
        ExamSession resumed = s.pause(assessment, OPENS.plusSeconds(310)).resume(OPENS.plusSeconds(370));
        assertThat(resumed.lastSeenAt()).as("300 s unseen before the pause").isEqualTo(OPENS.plusSeconds(70));

        ExamSession seenWhilePaused = s.pause(assessment, OPENS.plusSeconds(310))
                .touch(assessment, OPENS.plusSeconds(320)).session().resume(OPENS.plusSeconds(370));
        assertThat(seenWhilePaused.lastSeenAt()).isEqualTo(OPENS.plusSeconds(370));
    }

    @Test
    void forceCloseAbandonsUnstartedAndCompletesStartedSessions() {
        ExamSession abandoned = fresh.forceClose(null, OPENS);
        assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(abandoned.closedBy()).isEqualTo(ClosedBy.HC);
        ExamSession completed = started().forceClose(GRADE, OPENS.plusSeconds(100));
        assertThat(completed.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(completed.scorePercent()).isEqualTo(50.0);
        ExamSession fromPause = started().pause(assessment, OPENS.plusSeconds(100)).forceClose(GRADE,
                OPENS.plusSeconds(200));
        assertThat(fromPause.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(fromPause.pausedSeconds()).isEqualTo(100);
        assertThat(codeOf(() -> completed.forceClose(GRADE, OPENS))).isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void resetStartsANewAttemptOnlyFromAClosedSession() {
        ExamSession closed = started().submit(assessment, GRADE, OPENS.plusSeconds(100));
        ExamSession reset = closed.reset(new ExamSession.Draw(pkg.id(), 99L, 2));
        assertThat(reset.status()).isEqualTo(SessionStatus.NOT_STARTED);
        assertThat(reset.attempt()).isEqualTo(2);
        assertThat(reset.startedAt()).isNull();
        assertThat(reset.shuffleSeed()).isEqualTo(99L);
        assertThat(closed.toAttempt(List.of(), OPENS).scorePercent()).isEqualTo(50.0);
        assertThat(codeOf(() -> started().reset(new ExamSession.Draw(pkg.id(), 1L, 2))))
                .isEqualTo(ErrorCode.SESSION_STILL_OPEN);
    }

    @Test
    void reshuffleIsRefusedOnceStarted() {
        assertThat(fresh.reshuffle(new ExamSession.Draw(pkg.id(), 5L, 2)).shuffleSeed()).isEqualTo(5L);
        assertThat(codeOf(() -> started().reshuffle(new ExamSession.Draw(pkg.id(), 5L, 2))))
                .isEqualTo(ErrorCode.ALREADY_STARTED);
    }

    @Test
    void extendTimeAddsToThisWorkersDeadline() {
        ExamSession s = started();
        Instant deadline = s.deadline(assessment, OPENS).orElseThrow();
        assertThat(s.extendTime(15, OPENS).deadline(assessment, OPENS)).contains(deadline.plusSeconds(900));
        assertThat(codeOf(() -> fresh.extendTime(15, OPENS))).isEqualTo(ErrorCode.SESSION_NOT_IN_PROGRESS);
        assertThat(codeOf(() -> s.extendTime(0, OPENS))).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(codeOf(() -> s.pause(assessment, OPENS).extendTime(15, OPENS))).isEqualTo(ErrorCode.SESSION_PAUSED);
    }

    @Test
    void aNotNewerClientSeqIsStaleAndChangesNothing() {
        ExamSession s = started();
        Response stored = new Response(s.id(), QuestionId.of("q1"), OptionId.of("a"), 5, OPENS);
        ExamSession.AnswerOutcome outcome = s.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"),
                OptionId.of("b"), 0, 5, OPENS.plusSeconds(90));
        assertThat(outcome).isEqualTo(new ExamSession.Stale(stored));
        ExamSession.AnswerOutcome newer = s.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"),
                OptionId.of("b"), 0, 6, OPENS.plusSeconds(90));
        assertThat(newer).isInstanceOf(ExamSession.Applied.class);
        assertThat(((ExamSession.Applied) newer).session().answeredCount()).isZero();
    }

    @Test
    void aRetriedSaveAnswersWithTheStoredPickOncePausedPastTheDeadlineOrClosed() {
        ExamSession s = started();
        Instant deadline = s.deadline(assessment, OPENS).orElseThrow();
        Response stored = new Response(s.id(), QuestionId.of("q1"), OptionId.of("a"), 5, deadline.minusSeconds(1));
        ExamSession paused = s.pause(assessment, deadline.minusSeconds(1));
        ExamSession closed = s.forceClose(GRADE, deadline.minusSeconds(1));
        ExamSession.Stale sameAnswer = new ExamSession.Stale(stored);

        assertThat(paused.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"), OptionId.of("a"), 0,
                5, deadline)).isEqualTo(sameAnswer);
        assertThat(s.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"), OptionId.of("a"), 0, 5,
                deadline.plusSeconds(1))).isEqualTo(sameAnswer);
        assertThat(closed.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"), OptionId.of("a"), 0,
                5, deadline)).isEqualTo(sameAnswer);
        assertThat(closed.recordFinalAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"),
                OptionId.of("a"), 5, deadline)).isEqualTo(sameAnswer);
        // A newer pick is still refused as before.
        assertThat(codeOf(() -> paused.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"),
                OptionId.of("b"), 0, 6, deadline))).isEqualTo(ErrorCode.SESSION_PAUSED);
        assertThat(codeOf(() -> s.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"),
                OptionId.of("b"), 0, 6, deadline.plusSeconds(1)))).isEqualTo(ErrorCode.TIME_EXPIRED);
        assertThat(codeOf(() -> closed.recordAnswer(assessment, pkg, Optional.of(stored), QuestionId.of("q1"),
                OptionId.of("b"), 0, 6, deadline))).isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void aMalformedSaveIsRefusedEvenWhenItsClientSeqIsNotNewerThanTheStoredOne() {
        ExamSession s = started();
        Response stored = new Response(s.id(), QuestionId.of("q1"), OptionId.of("a"), 5, OPENS);
        Optional<Response> previous = Optional.of(stored);
        Instant now = OPENS.plusSeconds(90);

        assertThat(codeOf(() -> s.recordAnswer(assessment, pkg, previous, QuestionId.of("q1"), OptionId.of("a"), -5,
                5, now))).isEqualTo(ErrorCode.PAGE_OUT_OF_RANGE);
        assertThat(codeOf(() -> s.recordAnswer(assessment, pkg, previous, QuestionId.of("q1"), OptionId.of("zz"), 0,
                5, now))).isEqualTo(ErrorCode.OPTION_NOT_IN_QUESTION);
        assertThat(codeOf(() -> s.recordFinalAnswer(assessment, pkg, previous, QuestionId.of("q1"),
                OptionId.of("zz"), 5, now))).isEqualTo(ErrorCode.OPTION_NOT_IN_QUESTION);
        assertThat(codeOf(() -> s.recordAnswer(assessment, pkg, Optional.empty(), QuestionId.of("nope"),
                OptionId.of("a"), 0, 5, now))).isEqualTo(ErrorCode.QUESTION_NOT_IN_PACKAGE);
        // The same retry, well formed, still answers with what is stored.
        assertThat(s.recordAnswer(assessment, pkg, previous, QuestionId.of("q1"), OptionId.of("a"), 0, 5, now))
                .isEqualTo(new ExamSession.Stale(stored));
    }

    @Test
    void storedStateMustBeConsistent() {
        assertThatThrownBy(() -> new ExamSession(SessionId.of("x"), assessment.id(), ParticipantId.of("w"), 1,
                SessionStatus.IN_PROGRESS, pkg.id(), 1, 2, null, null, null, null, null, null, null, 0, 0, null, 0,
                null, 0, 0)).isInstanceOf(ExamException.class).hasMessageContaining("startedAt");
        assertThatThrownBy(() -> new ExamSession(SessionId.of("x"), assessment.id(), ParticipantId.of("w"), 1,
                SessionStatus.COMPLETED, pkg.id(), 1, 2, OPENS, OPENS, 1.0, true, null, null, null, 0, 0, null, 0,
                null, 0, 0)).isInstanceOf(ExamException.class).hasMessageContaining("closedBy");
    }
}
