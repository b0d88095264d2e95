package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.ExamTestBed.HC;
import static org.examengine.application.sample.SampleExam.correctOption;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;

import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

class MonitoringTest {

    private final ExamTestBed bed = ExamTestBed.standard();

    @Test
    void everySessionOfTheGroupIsShownWithItsProgress() {
        bed.open();
        bed.start(1);
        bed.answerCorrectly(1, 1, 1);
        bed.answerCorrectly(1, 2, 2);
        bed.start(2);
        bed.submit(2);
        MonitoringSnapshot snapshot = bed.monitoring();

        assertThat(snapshot.groupStatus()).isEqualTo(GroupStatus.OPEN);
        assertThat(snapshot.title()).isEqualTo("Forklift safety");
        assertThat(snapshot.asOf()).isEqualTo(bed.clock.instant());
        assertThat(snapshot.sessions()).extracting(MonitoringRow::name)
                .containsExactly("Worker 1", "Worker 2", "Worker 3");
        MonitoringRow one = snapshot.sessions().get(0);
        assertThat(one.status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(one.progress()).isEqualTo(2);
        assertThat(one.totalQuestions()).isEqualTo(20);
        assertThat(one.remainingSeconds()).isEqualTo(ExamTestBed.DURATION_MINUTES * 60L);
        assertThat(one.startedAt()).isNotNull();
        assertThat(one.online()).isTrue();
        assertThat(one.score()).isNull();
        MonitoringRow two = snapshot.sessions().get(1);
        assertThat(two.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(two.score()).isEqualTo(0.0);
        assertThat(two.result()).isEqualTo("Fail");
        assertThat(two.completedAt()).isNotNull();
        assertThat(two.remainingSeconds()).isZero();
        MonitoringRow three = snapshot.sessions().get(2);
        assertThat(three.status()).isEqualTo(SessionStatus.NOT_STARTED);
        assertThat(three.remainingSeconds()).as("shown as a dash").isNull();
        assertThat(three.online()).isFalse();
        assertThat(snapshot.summary()).containsEntry(SessionStatus.IN_PROGRESS, 1)
                .containsEntry(SessionStatus.COMPLETED, 1).containsEntry(SessionStatus.NOT_STARTED, 1)
                .containsEntry(SessionStatus.PAUSED, 0);
    }

    @Test
    void noPrivateParticipantFieldAppearsInTheSnapshot() {
        bed.open();
        bed.start(1);
        MonitoringSnapshot snapshot = bed.monitoring();
        assertThat(snapshot.toString()).doesNotContain("@example.com").doesNotContain("EMP-");
        assertThat(Arrays.stream(MonitoringRow.class.getRecordComponents()).map(c -> c.getName().toLowerCase()))
                .noneMatch(n -> n.contains("mail") || n.contains("employee") || n.contains("participant"));
    }

    @Test
    void beforeOpeningTheGroupAndItsSessionsAreUpcoming() {
        MonitoringSnapshot snapshot = bed.monitoring();
        assertThat(snapshot.groupStatus()).isEqualTo(GroupStatus.UPCOMING);
        assertThat(snapshot.sessions()).extracting(MonitoringRow::status).containsOnly(SessionStatus.UPCOMING);
        assertThat(snapshot.summary()).containsEntry(SessionStatus.UPCOMING, 3);
    }

    @Test
    void theGroupIsClosedOnceEverySessionIsClosed() {
        bed.open();
        for (int n = 1; n <= 3; n++) {
            bed.start(n);
            bed.submit(n);
        }
        assertThat(bed.monitoring().groupStatus()).isEqualTo(GroupStatus.CLOSED);
    }

    @Test
    void aWorkerIsOfflineAfterNinetySilentSeconds() {
        bed.open();
        bed.start(1);
        bed.advance(Duration.ofSeconds(90));
        assertThat(bed.row(1).online()).isTrue();
        bed.advance(Duration.ofSeconds(1));
        assertThat(bed.row(1).online()).isFalse();
        bed.engine.heartbeat().heartbeat(new SessionCommand(ExamTestBed.worker(1), bed.sid(1)));
        assertThat(bed.row(1).online()).isTrue();
    }

    @Test
    void theVersionGrowsWithEveryChangeAndStaysWhenNothingChanged() {
        bed.open();
        long v0 = bed.monitoring().version();
        assertThat(bed.monitoring().version()).isEqualTo(v0);
        bed.start(1);
        long v1 = bed.monitoring().version();
        bed.save(1, 1, correctOption(1), 1);
        long v2 = bed.monitoring().version();
        bed.engine.forceClose().forceClose(bed.hcOn(3));
        long v3 = bed.monitoring().version();
        assertThat(v1).isGreaterThan(v0);
        assertThat(v2).isGreaterThan(v1);
        assertThat(v3).isGreaterThan(v2);
    }

    @Test
    void theGroupIsFoundByTitleCategoryAndScheduleDate() {
        MonitoringSnapshot byKey = bed.engine.monitoring().getMonitoringProgress(new MonitoringQuery(HC,
                AssessmentRef.byKey("Forklift safety", "Competency", LocalDate.of(2026, 3, 2))));
        assertThat(byKey.assessmentId()).isEqualTo(bed.assessmentId);
        assertThatThrownBy(() -> bed.engine.monitoring().getMonitoringProgress(new MonitoringQuery(HC,
                AssessmentRef.byKey("Forklift safety", "Competency", LocalDate.of(2026, 3, 3)))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.ASSESSMENT_NOT_FOUND);
    }

    @Test
    void onlyStaffMayMonitor() {
        assertThatThrownBy(() -> bed.engine.monitoring().getMonitoringProgress(new MonitoringQuery(Actor.worker("w-1"),
                AssessmentRef.byId(bed.assessmentId))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(bed.engine.monitoring().getMonitoringProgress(new MonitoringQuery(Actor.admin("root"),
                AssessmentRef.byId(bed.assessmentId))).sessions()).hasSize(3);
    }
}
