package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.ExamTestBed.ADMIN;
import static org.examengine.application.ExamTestBed.OPENS;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.examengine.application.port.in.FinalAnswer;
import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.ImportPackageCommand.OptionInput;
import org.examengine.application.port.in.ImportPackageCommand.QuestionInput;
import org.examengine.application.port.in.PackageSummary;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;

class ImportingAndSchedulingTest {

    private final ExamTestBed bed = ExamTestBed.standard();

    @Test
    void aPackageIsImportedWithGeneratedIdsAndDefaultWeights() {
        PackageSummary summary = bed.engine.importPackage().importPackage(new ImportPackageCommand(ADMIN, null,
                "Generated", List.of(new QuestionInput(null, "2 + 2?", List.of(new OptionInput(null, "4", true),
                        new OptionInput(null, "5", false)), null))));
        assertThat(summary.questionCount()).isEqualTo(1);
        assertThat(summary.totalWeight()).isEqualTo(1);
        var pkg = bed.storage.packages().findById(summary.id()).orElseThrow();
        assertThat(pkg.questions().get(0).id().value()).isEqualTo("q1");
        assertThat(pkg.questions().get(0).options()).extracting(o -> o.id().value()).containsExactly("q1.a", "q1.b");
    }

    @Test
    void aQuestionWithTwoCorrectOptionsIsRejectedAndNothingIsImported() {
        assertThatThrownBy(() -> bed.engine.importPackage().importPackage(new ImportPackageCommand(ADMIN, "bad",
                "Bad", List.of(new QuestionInput("x", "Pick", List.of(new OptionInput("x1", "A", true),
                        new OptionInput("x2", "B", true)), 1)))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.INVALID_PACKAGE);
        assertThat(bed.storage.packages().findById(PackageId.of("bad"))).isEmpty();
    }

    @Test
    void aPackageIdCannotBeImportedTwice() {
        assertThatThrownBy(() -> bed.engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "pkg-1", 3)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ID);
        assertThat(bed.storage.packages().findById(PackageId.of("pkg-1")).orElseThrow().size()).isEqualTo(20);
    }

    @Test
    void schedulingCreatesOneNotStartedSessionPerParticipant() {
        List<ExamSession> sessions = bed.storage.sessions().findByAssessment(bed.assessmentId);
        assertThat(sessions).hasSize(3).allSatisfy(s -> {
            assertThat(s.startedAt()).isNull();
            assertThat(s.totalQuestions()).isEqualTo(20);
            assertThat(s.attempt()).isEqualTo(1);
        });
        assertThat(sessions).extracting(ExamSession::shuffleSeed).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownPackageCreatesNothing() {
        assertThatThrownBy(() -> bed.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, "x",
                "Another", OPENS, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("missing")), 2)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.PACKAGE_NOT_FOUND);
        assertThat(bed.storage.assessments().findById(AssessmentId.of("x"))).isEmpty();
    }

    @Test
    void theSameTitleCategoryAndDateCannotBeScheduledTwice() {
        assertThatThrownBy(() -> bed.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, "again",
                "Forklift safety", OPENS, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("pkg-1")), 1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ASSESSMENT);
        assertThat(bed.storage.assessments().findById(AssessmentId.of("again"))).isEmpty();
    }

    @Test
    void aNullEntryInACommandsListIsInvalidInputNamingWhere() {
        List<OptionInput> options = new java.util.ArrayList<>(List.of(new OptionInput("a", "A", true)));
        options.add(null);
        assertThatThrownBy(() -> new QuestionInput("q", "Q?", options, null)).isInstanceOf(ExamException.class)
                .hasMessage("options must not hold null (entry 2)")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> new ScheduleAssessmentCommand(ADMIN, null, "T", "C", null, OPENS, null, 30, 60, null,
                List.of(PackageId.of("pkg-1")), java.util.Arrays.asList((ScheduleAssessmentCommand.ParticipantInput) null)))
                .isInstanceOf(ExamException.class).hasMessageContaining("participants must not hold null")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> new SubmitExamCommand(ExamTestBed.worker(1), SessionId.of("s-1"),
                java.util.Arrays.asList((FinalAnswer) null), null)).isInstanceOf(ExamException.class)
                .hasMessageContaining("finalAnswers must not hold null")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void anAssessmentForNobodyIsRefusedSoThatItsTitleCategoryAndDateStayFree() {
        assertThatThrownBy(() -> bed.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                "nobody", "For nobody", OPENS, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("pkg-1")), 0)))
                .isInstanceOf(ExamException.class).hasMessageContaining("participants must not be empty")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);

        assertThat(bed.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, "nobody",
                "For nobody", OPENS, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("pkg-1")), 2))
                .sessions()).hasSize(2);
    }

    @Test
    void aScheduleDateFarFromTheOpeningIsRefusedAndADayEitherWayIsTaken() {
        LocalDate opensOn = OPENS.atOffset(ZoneOffset.UTC).toLocalDate();
        ScheduleAssessmentCommand sample = SampleExam.schedule(ADMIN, "far", "Far", OPENS, 30, 60,
                ExamPolicy.defaults(), List.of(PackageId.of("pkg-1")), 1);

        assertThatThrownBy(() -> withDate(sample, opensOn.plusDays(38))).isInstanceOf(ExamException.class)
                .hasMessageContaining("is not the day the assessment opens (" + OPENS + ")")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(bed.engine.scheduleAssessment().scheduleAssessment(withDate(sample, opensOn.minusDays(1)))
                .sessions()).hasSize(1);
    }

    private static ScheduleAssessmentCommand withDate(ScheduleAssessmentCommand c, LocalDate date) {
        return new ScheduleAssessmentCommand(c.actor(), c.assessmentId(), c.title(), c.category(), date, c.opensAt(),
                c.closesAt(), c.durationMinutes(), c.passingScorePercent(), c.policy(), c.packageIds(),
                c.participants());
    }

    @Test
    void badScheduleInputIsRejectedWithAClearCode() {
        assertThatThrownBy(() -> new ScheduleAssessmentCommand(ADMIN, null, "T", "C", null, OPENS, null, 30, 60, null,
                List.of(), List.of())).isInstanceOf(ExamException.class).hasMessageContaining("packageIds");
        assertThatThrownBy(() -> bed.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, "neg",
                "Negative", OPENS, 0, 60, ExamPolicy.defaults(), List.of(PackageId.of("pkg-1")), 1)))
                .isInstanceOf(ExamException.class).hasMessageContaining("durationMinutes")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void onlyAdminsImportAndSchedule() {
        assertThatThrownBy(() -> bed.engine.importPackage().importPackage(
                SampleExam.packageCommand(ExamTestBed.HC, "hc-pkg", 2)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
        assertThatThrownBy(() -> bed.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(
                ExamTestBed.worker(1), "w", "W", OPENS, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("pkg-1")), 1)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
    }
}
