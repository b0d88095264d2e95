package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.application.ExamTestBed.HC;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.AssessmentSummary;
import org.examengine.application.port.in.FindAssessmentsQuery;
import org.examengine.application.port.in.ResultsExport;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.SessionStatus;
import org.junit.jupiter.api.Test;

class FindingAndExportingTest {

    private final ExamTestBed bed = ExamTestBed.standard();

    @Test
    void assessmentsAreFoundByTitleDateAndGroupStatus() {
        List<AssessmentSummary> found = bed.engine.findAssessments().findAssessments(new FindAssessmentsQuery(HC,
                "forklift", null, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), null, null));
        assertThat(found).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(bed.assessmentId);
            assertThat(s.sessionCount()).isEqualTo(3);
            assertThat(s.groupStatus()).isEqualTo(GroupStatus.UPCOMING);
        });
        assertThat(bed.engine.findAssessments().findAssessments(new FindAssessmentsQuery(HC, null, null, null, null,
                GroupStatus.CLOSED, null))).isEmpty();
        assertThat(bed.engine.findAssessments().findAssessments(new FindAssessmentsQuery(HC, "crane", null, null, null,
                null, null))).isEmpty();
    }

    @Test
    void aStatusSearchFindsAClosedGroupBehindMoreThanAPageOfNewerOpenOnes() {
        bed.open();
        bed.engine.closeGroupEarly().closeGroupEarly(new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId)));
        Assessment closed = bed.storage.assessments().findById(bed.assessmentId).orElseThrow();
        // More than the 1,000 assessments a status search reads at a time.
        int newer = 1_005;
        bed.storage.transactions().inTransaction(() -> {
            for (int i = 1; i <= newer; i++) {
                bed.storage.assessments().insert(new Assessment(AssessmentId.of("later-" + i), "Later " + i,
                        closed.category(), closed.scheduleDate().plusDays(1), closed.opensAt(), null,
                        closed.durationMinutes(), closed.passingScorePercent(), closed.policy(), closed.packageIds(),
                        null, 0));
            }
            return null;
        });

        List<AssessmentSummary> found = bed.engine.findAssessments().findAssessments(new FindAssessmentsQuery(HC,
                null, null, null, null, GroupStatus.CLOSED, 10));

        assertThat(found).extracting(AssessmentSummary::id).containsExactly(bed.assessmentId);
        assertThat(bed.engine.findAssessments().findAssessments(new FindAssessmentsQuery(HC, null, null, null, null,
                GroupStatus.OPEN, 1_000))).hasSize(1_000);
    }

    @Test
    void theExportHasOneRowPerSessionWithEmployeeNumberButNoEmail() {
        bed.open();
        bed.start(1);
        bed.answerCorrectly(1, 1, 1);
        bed.submit(1);
        ResultsExport export = bed.engine.exportResults().exportResults(
                new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId)));
        assertThat(export.rows()).hasSize(3);
        ResultsExport.Row first = export.rows().get(0);
        assertThat(first.name()).isEqualTo("Worker 1");
        assertThat(first.employeeNumber()).isEqualTo("EMP-00001");
        assertThat(first.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(first.score()).isEqualTo(5.0);
        assertThat(export.toString()).doesNotContain("@example.com");
        assertThat(export.assessment().sessionsByStatus()).containsEntry(SessionStatus.COMPLETED, 1);
    }

    @Test
    void withoutASweeperSessionsPastTheirTimeAreClosedBeforeTheyAreExportedOrCounted() {
        bed.open();
        for (int n = 1; n <= 3; n++) {
            bed.start(n);
        }
        bed.answerCorrectly(1, 1, 1);
        bed.submit(2);
        FindAssessmentsQuery closedOnes = new FindAssessmentsQuery(HC, null, null, null, null, GroupStatus.CLOSED,
                null);
        assertThat(bed.engine.findAssessments().findAssessments(closedOnes)).isEmpty();

        // Past deadline and grace, and nothing has run the sweeper.
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES + 10));

        assertThat(bed.engine.findAssessments().findAssessments(closedOnes)).singleElement()
                .satisfies(s -> assertThat(s.sessionsByStatus()).containsEntry(SessionStatus.COMPLETED, 3));
        ResultsExport export = bed.engine.exportResults().exportResults(
                new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId)));
        assertThat(export.rows()).allSatisfy(r -> assertThat(r.status()).isEqualTo(SessionStatus.COMPLETED));
        assertThat(export.rows().get(0).score()).isEqualTo(5.0);
        assertThat(export.rows().get(0).closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(bed.auditActions(1)).contains(AuditAction.SESSION_EXPIRED);
    }
}
