package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.application.sample.SampleExam.correctOption;

import java.time.Duration;
import java.time.Instant;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.SystemCommand;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
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
