package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.sample.SampleExam.correctOption;
import static org.examengine.application.sample.SampleExam.wrongOption;

import java.time.Duration;

import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SavingAnswersTest {

    private final ExamTestBed bed = ExamTestBed.standard();

    @BeforeEach
    void startWorkerOne() {
        bed.open();
        bed.start(1);
    }

    @Test
    void aSaveStoresTheAnswerWithPageIndexAndServerElapsedTime() {
        bed.advance(Duration.ofSeconds(95));
        SavedAnswer saved = bed.save(1, 12, correctOption(12), 1, 1);
        assertThat(saved.applied()).isTrue();
        assertThat(saved.answeredCount()).isEqualTo(1);
        ExamSession s = bed.stored(1);
        assertThat(s.lastPageIndex()).isEqualTo(1);
        assertThat(s.elapsedSeconds()).isEqualTo(95);
        assertThat(s.answeredCount()).isEqualTo(1);
        assertThat(bed.storage.responses().find(bed.sid(1), QuestionId.of("q12")).map(Response::optionId))
                .contains(correctOption(12));
    }

    @Test
    void savingAgainReplacesTheAnswerWithoutASecondResponse() {
        bed.save(1, 2, wrongOption(2), 1);
        SavedAnswer again = bed.save(1, 2, correctOption(2), 2);
        assertThat(again.answeredCount()).isEqualTo(1);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).singleElement()
                .extracting(Response::optionId).isEqualTo(correctOption(2));
    }

    @Test
    void aSaveWithAnOlderClientSeqNeverOverwritesANewerAnswer() {
        bed.save(1, 4, correctOption(4), 7);
        long version = bed.stored(1).version();
        SavedAnswer late = bed.save(1, 4, wrongOption(4), 6);
        SavedAnswer repeated = bed.save(1, 4, wrongOption(4), 7);
        assertThat(late.applied()).isFalse();
        assertThat(late.optionId()).isEqualTo(correctOption(4));
        assertThat(late.clientSeq()).isEqualTo(7);
        assertThat(repeated.applied()).isFalse();
        assertThat(bed.storage.responses().find(bed.sid(1), QuestionId.of("q4")).orElseThrow().optionId())
                .isEqualTo(correctOption(4));
        assertThat(bed.stored(1).version()).as("a stale save changes nothing").isEqualTo(version);
    }

    @Test
    void clearingAnAnswerLowersProgress() {
        bed.save(1, 1, correctOption(1), 1);
        bed.save(1, 2, correctOption(2), 2);
        SavedAnswer cleared = bed.save(1, 1, null, 3);
        assertThat(cleared.optionId()).isNull();
        assertThat(cleared.answeredCount()).isEqualTo(1);
        assertThat(bed.row(1).progress()).isEqualTo(1);
    }

    @Test
    void aSaveAfterTheDeadlineIsRefused() {
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES).plusSeconds(1));
        assertThatThrownBy(() -> bed.save(1, 1, correctOption(1), 1))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.TIME_EXPIRED);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).isEmpty();
    }

    @Test
    void aRetryOfAStoredSaveAnswersWithItAfterTheDeadlineAndOnceTheSessionExpired() {
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES).minusSeconds(1));
        assertThat(bed.save(1, 1, correctOption(1), 1).applied()).isTrue();

        bed.advance(Duration.ofSeconds(2));
        SavedAnswer pastDeadline = bed.save(1, 1, correctOption(1), 1);
        assertThat(pastDeadline.applied()).isFalse();
        assertThat(pastDeadline.optionId()).isEqualTo(correctOption(1));
        assertThatThrownBy(() -> bed.save(1, 1, wrongOption(1), 2))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.TIME_EXPIRED);

        bed.advance(Duration.ofMinutes(10));
        SavedAnswer afterExpiry = bed.save(1, 1, correctOption(1), 1);
        assertThat(afterExpiry.applied()).isFalse();
        assertThat(afterExpiry.optionId()).isEqualTo(correctOption(1));
        assertThat(bed.stored(1).status().isClosed()).isTrue();
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).singleElement()
                .extracting(r -> r.clientSeq()).isEqualTo(1L);
    }

    @Test
    void aSaveExactlyAtTheDeadlineIsAccepted() {
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES));
        assertThat(bed.save(1, 1, correctOption(1), 1).applied()).isTrue();
    }

    @Test
    void questionsOutsideThePackageAndOptionsOfOtherQuestionsAreRefused() {
        assertThatThrownBy(() -> bed.save(1, 99, OptionId.of("q99.a"), 1))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.QUESTION_NOT_IN_PACKAGE);
        assertThatThrownBy(() -> bed.save(1, 1, correctOption(2), 2))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.OPTION_NOT_IN_QUESTION);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).isEmpty();
    }

    @Test
    void aPageIndexBeyondTheLastPageIsRefusedAndANegativeOneIsInvalid() {
        // 20 questions at 10 per page: pages 0 and 1.
        assertThatThrownBy(() -> bed.save(1, 1, correctOption(1), 2, 1))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.PAGE_OUT_OF_RANGE);
        assertThatThrownBy(() -> new SaveAnswerCommand(ExamTestBed.worker(1), bed.sid(1), SampleExam.question(1),
                correctOption(1), -1, 1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void savingBeforeStartingOrIntoAnotherWorkersSessionIsRefused() {
        assertThatThrownBy(() -> bed.save(2, 1, correctOption(1), 1))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_IN_PROGRESS);
        assertThatThrownBy(() -> bed.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(ExamTestBed.worker(2),
                bed.sid(1), SampleExam.question(1), correctOption(1), 0, 1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).isEmpty();
    }

    @Test
    void savingWhilePausedIsRefused() {
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        assertThatThrownBy(() -> bed.save(1, 1, correctOption(1), 1))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_PAUSED);
    }

    @Test
    void savingAfterSubmitIsRefused() {
        bed.submit(1);
        assertThatThrownBy(() -> bed.save(1, 1, correctOption(1), 1))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_CLOSED);
    }
}
