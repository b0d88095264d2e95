package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.sample.SampleExam.correctOption;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.FinalAnswer;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.port.in.SystemCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final Duration PAST_GRACE = Duration.ofMinutes(ExamTestBed.DURATION_MINUTES).plusSeconds(121);

    @Test
    void lazyExpiryClosesAnOverdueSessionWhenItIsRead() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        Instant started = bed.clock.instant();
        bed.start(1);
        bed.answerCorrectly(1, 1, 1);
        bed.answerCorrectly(1, 2, 2);
        bed.advance(PAST_GRACE);
        assertThat(bed.stored(1).status()).as("nothing ran yet").isEqualTo(SessionStatus.IN_PROGRESS);

        assertThat(bed.status(1).status()).isEqualTo(SessionStatus.COMPLETED);
        ExamSession closed = bed.stored(1);
        assertThat(closed.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(closed.completedAt()).as("the moment the grace ended")
                .isEqualTo(started.plus(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES)).plusSeconds(120));
        assertThat(bed.auditActions(1)).endsWith(AuditAction.SESSION_EXPIRED);
    }

    /** One worker on an assessment whose expiry policy abandons, started, with one answer saved. */
    private static ExamTestBed abandonPolicyWithOneAnswer() {
        ExamTestBed bed = new ExamTestBed(1, 10, ExamPolicy.defaults().withExpiry(ExpiryPolicy.ABANDON));
        bed.open();
        bed.start(1);
        bed.answerCorrectly(1, 1, 1);
        return bed;
    }

    private static ExamResult timeUp(ExamTestBed bed, FinalAnswer... finalAnswers) {
        return bed.engine.submitExam().submitExam(new SubmitExamCommand(ExamTestBed.worker(1), bed.sid(1),
                List.of(finalAnswers), null, true));
    }

    @Test
    void aPageReportingTheTimeUpClosesTheSessionByTheTimeoutWithItsQueuedAnswersAndWithoutWaitingForTheGrace() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        bed.start(1);
        bed.answerCorrectly(1, 1, 1);
        Instant deadline = bed.stored(1).startedAt().plus(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES));

        bed.clock.set(deadline.minusSeconds(1));
        assertThatThrownBy(() -> timeUp(bed, new FinalAnswer(SampleExam.question(2), correctOption(2), 2)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.TIME_NOT_UP);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).as("nothing of a refused call").hasSize(1);

        bed.clock.set(deadline.plusSeconds(3));
        ExamResult result = timeUp(bed, new FinalAnswer(SampleExam.question(2), correctOption(2), 2));
        assertThat(result.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(result.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(result.correctCount()).as("the queued answer counts").isEqualTo(2);
        assertThat(bed.stored(1).completedAt()).isEqualTo(deadline.plusSeconds(3));
        assertThat(bed.auditActions(1)).endsWith(AuditAction.SESSION_EXPIRED);

        bed.advance(Duration.ofSeconds(5));
        assertThat(timeUp(bed)).as("a repeated report").isEqualTo(result);
        assertThatThrownBy(() -> bed.submit(1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.TIME_EXPIRED);
    }

    @Test
    void underTheAbandonPolicyAPageReportingTheTimeUpAbandonsTheSession() {
        ExamTestBed bed = abandonPolicyWithOneAnswer();
        bed.clock.set(bed.stored(1).startedAt().plus(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES))
                .plusSeconds(1));
        ExamResult result = timeUp(bed);
        assertThat(result.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(result.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(result.scorePercent()).isNull();
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.ABANDONED);
    }

    @Test
    void closingTheGroupEarlyAppliesTheExpiryPolicyToASessionThatBecomesOverdueWhileItCloses() {
        ExamTestBed bed = abandonPolicyWithOneAnswer();
        bed.clock.set(bed.stored(1).startedAt().plus(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES))
                .plusSeconds(120));
        // Every reading a second later: the session is at the end of its grace when the close begins, and past
        // it when the closing transaction reaches it.
        bed.clock.tickOnEachReading(Duration.ofSeconds(1));
        bed.engine.closeGroupEarly().closeGroupEarly(new AssessmentCommand(ExamTestBed.HC,
                AssessmentRef.byId(bed.assessmentId)));
        bed.clock.tickOnEachReading(Duration.ZERO);

        ExamSession closed = bed.stored(1);
        assertThat(closed.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(closed.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(bed.auditActions(1)).endsWith(AuditAction.SESSION_EXPIRED);
    }

    @Test
    void autoSubmitGradesTheSavedAnswers() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        bed.start(1);
        for (int q = 1; q <= 15; q++) {
            bed.answerCorrectly(1, q, q);
        }
        bed.advance(PAST_GRACE);
        bed.status(1);
        ExamSession closed = bed.stored(1);
        assertThat(closed.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(closed.scorePercent()).isEqualTo(75.0);
        assertThat(closed.passed()).isTrue();
    }

    @Test
    void theAbandonPolicyClosesWithoutAGrade() {
        ExamTestBed bed = abandonPolicyWithOneAnswer();
        bed.advance(PAST_GRACE);
        assertThat(bed.status(1).status()).isEqualTo(SessionStatus.ABANDONED);
        ExamSession closed = bed.stored(1);
        assertThat(closed.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(closed.scorePercent()).isNull();
        assertThat(closed.passed()).isNull();
    }

    @Test
    void theSweeperClosesEveryOverdueSessionAndNothingElse() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        bed.start(1);
        bed.start(2);
        bed.advanceMinutes(10);
        bed.start(3);
        bed.advance(PAST_GRACE.minusMinutes(5));
        int closed = bed.engine.expireOverdueSessions().expireOverdueSessions(new SystemCommand(Actor.SYSTEM));
        assertThat(closed).isEqualTo(2);
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(bed.stored(2).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(bed.stored(3).status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(bed.engine.expireOverdueSessions().expireOverdueSessions(new SystemCommand(Actor.SYSTEM))).isZero();
    }

    @Test
    void aPausedSessionDoesNotExpire() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        bed.start(1);
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        bed.advance(PAST_GRACE.multipliedBy(3));
        assertThat(bed.engine.expireOverdueSessions().expireOverdueSessions(new SystemCommand(Actor.SYSTEM))).isZero();
        assertThat(bed.status(1).status()).isEqualTo(SessionStatus.PAUSED);
    }

    @Test
    void theMonitoringReadClosesOverdueSessionsBeforeShowingThem() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        bed.start(1);
        bed.answerCorrectly(1, 1, 1);
        bed.advance(PAST_GRACE);
        assertThat(bed.row(1).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(bed.row(1).score()).isEqualTo(5.0);
        assertThat(bed.row(1).remainingSeconds()).isZero();
    }
}
