package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.sample.SampleExam.correctOption;
import static org.examengine.application.sample.SampleExam.wrongOption;

import java.time.Duration;
import java.util.List;

import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.FinalAnswer;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmittingAnExamTest {

    private final ExamTestBed bed = ExamTestBed.standard();

    @BeforeEach
    void startWorkerOne() {
        bed.open();
        bed.start(1);
    }

    @Test
    void submitGradesFromTheStoredResponses() {
        for (int q = 1; q <= 13; q++) {
            bed.answerCorrectly(1, q, q);
        }
        bed.save(1, 14, wrongOption(14), 20);
        ExamResult result = bed.submit(1);
        assertThat(result.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(result.closedBy()).isEqualTo(ClosedBy.WORKER);
        assertThat(result.scorePercent()).isEqualTo(65.0);
        assertThat(result.passed()).isTrue();
        assertThat(result.result()).isEqualTo("Pass");
        assertThat(result.correctCount()).isEqualTo(13);
        assertThat(result.answeredCount()).isEqualTo(14);
        assertThat(bed.stored(1).completedAt()).isEqualTo(bed.clock.instant());
    }

    @Test
    void aScoreBelowThePassingMarkFails() {
        for (int q = 1; q <= 11; q++) {
            bed.answerCorrectly(1, q, q);
        }
        ExamResult result = bed.submit(1);
        assertThat(result.scorePercent()).isEqualTo(55.0);
        assertThat(result.passed()).isFalse();
        assertThat(result.result()).isEqualTo("Fail");
    }

    @Test
    void repeatingASuccessfulSubmitReturnsTheSameResultAndChangesNothing() {
        bed.answerCorrectly(1, 1, 1);
        ExamResult first = bed.submit(1);
        long version = bed.stored(1).version();
        bed.advanceMinutes(3);
        ExamResult second = bed.submit(1);
        assertThat(second).isEqualTo(first);
        assertThat(bed.stored(1).version()).isEqualTo(version);
    }

    @Test
    void finalAnswersSentWithTheSubmitAreMergedWithTheSameRule() {
        bed.save(1, 1, wrongOption(1), 5);
        bed.save(1, 2, wrongOption(2), 6);
        ExamResult result = bed.engine.submitExam().submitExam(new SubmitExamCommand(ExamTestBed.worker(1), bed.sid(1),
                List.of(new FinalAnswer(SampleExam.question(1), correctOption(1), 4),
                        new FinalAnswer(SampleExam.question(2), correctOption(2), 7),
                        new FinalAnswer(SampleExam.question(3), correctOption(3), 1))));
        assertThat(result.correctCount()).as("q1 stale, q2 newer, q3 new").isEqualTo(2);
        assertThat(result.answeredCount()).isEqualTo(3);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).hasSize(3);
    }

    @Test
    void aSubmitInsideTheGracePeriodIsAccepted() {
        bed.answerCorrectly(1, 1, 1);
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES).plusSeconds(119));
        ExamResult result = bed.submit(1);
        assertThat(result.closedBy()).isEqualTo(ClosedBy.WORKER);
        assertThat(result.correctCount()).isEqualTo(1);
    }

    @Test
    void finalAnswersInsideTheGracePeriodAreAcceptedWithTheSubmit() {
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES).plusSeconds(60));
        ExamResult result = bed.engine.submitExam().submitExam(new SubmitExamCommand(ExamTestBed.worker(1),
                bed.sid(1), List.of(new FinalAnswer(SampleExam.question(5), correctOption(5), 1))));
        assertThat(result.correctCount()).isEqualTo(1);
    }

    @Test
    void aSubmitAfterTheGracePeriodIsRefusedAndTheExpiryPolicyAppliesInstead() {
        bed.answerCorrectly(1, 1, 1);
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES).plusSeconds(121));
        assertThatThrownBy(() -> bed.submit(1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.TIME_EXPIRED);
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(bed.stored(1).closedBy()).isEqualTo(ClosedBy.TIMEOUT);
    }

    @Test
    void submittingANotStartedOrPausedSessionIsRefused() {
        assertThatThrownBy(() -> bed.submit(2)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.SESSION_NOT_IN_PROGRESS);
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        assertThatThrownBy(() -> bed.submit(1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.SESSION_PAUSED);
    }

    @Test
    void aSessionClosedByHcCannotBeSubmitted() {
        bed.engine.forceClose().forceClose(bed.hcOn(1));
        assertThatThrownBy(() -> bed.submit(1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void theWorkerSeesCorrectOptionsOnlyWhenReviewIsAllowed() {
        bed.answerCorrectly(1, 1, 1);
        bed.submit(1);
        ExamResult own = bed.engine.getResult().getResult(new SessionCommand(ExamTestBed.worker(1), bed.sid(1)));
        assertThat(own.reviewIncluded()).isFalse();
        assertThat(own.review()).isEmpty();
        ExamResult staff = bed.engine.getResult().getResult(bed.hcOn(1));
        assertThat(staff.review()).hasSize(20);
        assertThat(staff.review()).filteredOn(ExamResult.ReviewItem::correct).singleElement()
                .extracting(ExamResult.ReviewItem::questionId).isEqualTo(SampleExam.question(1));

        ExamTestBed reviewing = new ExamTestBed(1, 4, ExamPolicy.defaults()
                .withAllowReview(true));
        reviewing.open();
        reviewing.start(1);
        reviewing.submit(1);
        ExamResult allowed = reviewing.engine.getResult().getResult(
                new SessionCommand(ExamTestBed.worker(1), reviewing.sid(1)));
        assertThat(allowed.review()).hasSize(4).allSatisfy(i -> assertThat(i.correctOptionId()).isNotNull());
    }

    @Test
    void resultsAreNotAvailableWhileTheSessionIsOpen() {
        assertThatThrownBy(() -> bed.engine.getResult().getResult(new SessionCommand(ExamTestBed.worker(1), bed.sid(1))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.RESULT_NOT_AVAILABLE);
    }
}
