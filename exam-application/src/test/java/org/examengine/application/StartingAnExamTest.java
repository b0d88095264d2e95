package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.ExamTestBed.HC;
import static org.examengine.application.ExamTestBed.OPENS;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

class StartingAnExamTest {

    private final ExamTestBed bed = ExamTestBed.standard();

    @Test
    void aSessionIsUpcomingBeforeTheAssessmentOpensAndStartingIsRefused() {
        assertThat(bed.status(1).status()).isEqualTo(SessionStatus.UPCOMING);
        assertThat(bed.status(1).remainingSeconds()).isNull();
        assertThatThrownBy(() -> bed.start(1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.NOT_YET_OPEN);
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.NOT_STARTED);
    }

    @Test
    void theClockReachingOpensAtMakesItNotStartedWithoutAnyWrite() {
        long version = bed.stored(1).version();
        bed.clock.set(OPENS);
        assertThat(bed.status(1).status()).isEqualTo(SessionStatus.NOT_STARTED);
        assertThat(bed.stored(1).version()).isEqualTo(version);
    }

    @Test
    void theFirstStartMakesTheSessionInProgressAndRecordsStartedAt() {
        bed.open();
        Instant at = bed.clock.instant();
        ExamSheet sheet = bed.start(1);
        assertThat(sheet.status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(bed.stored(1).startedAt()).isEqualTo(at);
        assertThat(sheet.remainingSeconds()).isEqualTo(ExamTestBed.DURATION_MINUTES * 60L);
        assertThat(sheet.deadline()).isEqualTo(at.plusSeconds(ExamTestBed.DURATION_MINUTES * 60L));
    }

    @Test
    void startingTwiceKeepsTheFirstStartedAt() {
        bed.open();
        Instant first = bed.clock.instant();
        bed.start(1);
        bed.advanceMinutes(7);
        ExamSheet again = bed.start(1);
        assertThat(bed.stored(1).startedAt()).isEqualTo(first);
        assertThat(again.remainingSeconds()).isEqualTo((ExamTestBed.DURATION_MINUTES - 7) * 60L);
    }

    @Test
    void theSheetNeverCarriesCorrectOptionsAndKeepsTheSessionsOwnOrder() {
        bed.open();
        ExamSheet sheet = bed.start(1);
        assertThat(sheet.questions()).hasSize(20);
        assertThat(sheet.questions().get(0).options()).hasSize(4);
        // PaperOption has only id and text: the type itself cannot carry correctness.
        assertThat(ExamSheet.PaperOption.class.getRecordComponents()).extracting("name")
                .containsExactly("id", "text");
        assertThat(bed.start(1).questions()).isEqualTo(sheet.questions());
        assertThat(bed.start(2).questions()).extracting(ExamSheet.PaperQuestion::id)
                .containsExactlyInAnyOrderElementsOf(sheet.questions().stream().map(ExamSheet.PaperQuestion::id).toList())
                .isNotEqualTo(sheet.questions().stream().map(ExamSheet.PaperQuestion::id).toList());
    }

    @Test
    void resumingReturnsSavedAnswersAndTheLastPage() {
        bed.open();
        bed.start(1);
        bed.save(1, 3, SampleExam.correctOption(3), 1, 1);
        bed.save(1, 15, SampleExam.wrongOption(15), 1, 2);
        ExamSheet resumed = bed.start(1);
        assertThat(resumed.lastPageIndex()).isEqualTo(1);
        assertThat(resumed.answers()).extracting(a -> a.questionId().value()).containsExactlyInAnyOrder("q3", "q15");
    }

    @Test
    void anotherWorkersSessionDoesNotExistForTheCaller() {
        bed.open();
        assertThatThrownBy(() -> bed.engine.startExam().startExam(new SessionCommand(ExamTestBed.worker(2), bed.sid(1))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        assertThatThrownBy(() -> bed.engine.startExam().startExam(new SessionCommand(HC, bed.sid(1))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(bed.stored(1).status()).isEqualTo(SessionStatus.NOT_STARTED);
    }

    @Test
    void startingAfterTheGroupWasClosedEarlyIsRefused() {
        bed.open();
        bed.engine.closeGroupEarly().closeGroupEarly(new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId)));
        assertThatThrownBy(() -> bed.start(1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.ASSESSMENT_CLOSED);
    }

    @Test
    void startingASessionHcClosedBeforeItStartedIsRefusedAsClosed() {
        bed.open();
        bed.engine.forceClose().forceClose(bed.hcOn(1));
        assertThatThrownBy(() -> bed.start(1)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void aNotStartedSessionIsAbandonedOnceTheLastStartTimeHasPassed() {
        bed.engine.scheduleAssessment().scheduleAssessment(new ScheduleAssessmentCommand(ExamTestBed.ADMIN,
                "windowed", "Windowed", "Competency", LocalDate.of(2026, 3, 2), OPENS, OPENS.plusSeconds(600), 30,
                60, null, List.of(PackageId.of("pkg-1")),
                List.of(new ScheduleAssessmentCommand.ParticipantInput("w-9", "Late Worker", null, null))));
        ExamSession late = bed.storage.sessions().findByAssessment(AssessmentId.of("windowed")).get(0);
        bed.clock.set(OPENS.plusSeconds(601));

        assertThatThrownBy(() -> bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-9"), late.id())))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ASSESSMENT_CLOSED);
        ExamSession stored = bed.storage.sessions().findById(late.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(stored.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
    }
}
