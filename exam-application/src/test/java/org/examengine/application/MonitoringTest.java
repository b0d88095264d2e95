package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.ExamTestBed.HC;
import static org.examengine.application.sample.SampleExam.correctOption;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
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
    void rowsAreOrderedByNameWithTheNumbersInNamesByValue() {
        ExamTestBed twelve = new ExamTestBed(12, 5, ExamPolicy.defaults());
        assertThat(twelve.monitoring().sessions()).extracting(MonitoringRow::name).containsExactly("Worker 1",
                "Worker 2", "Worker 3", "Worker 4", "Worker 5", "Worker 6", "Worker 7", "Worker 8", "Worker 9",
                "Worker 10", "Worker 11", "Worker 12");
    }

    @Test
    void aRowShowsTheTimeHcAddedAndWhenTheWorkerWasLastHeardFrom() {
        bed.open();
        bed.start(1);
        Instant started = bed.clock.instant();
        bed.advance(Duration.ofSeconds(40));
        bed.engine.extendTime().extendTime(new ExtendTimeCommand(HC, bed.sid(1), 10));
        bed.engine.extendTime().extendTime(new ExtendTimeCommand(HC, bed.sid(1), 5));

        MonitoringRow row = bed.row(1);
        assertThat(row.extraTimeSeconds()).isEqualTo(15 * 60);
        assertThat(row.creditedSeconds()).isZero();
        assertThat(row.lastSeenAt()).isEqualTo(started);
        bed.engine.heartbeat().heartbeat(new SessionCommand(ExamTestBed.worker(1), bed.sid(1)));
        assertThat(bed.row(1).lastSeenAt()).isEqualTo(bed.clock.instant());
        assertThat(bed.row(2).lastSeenAt()).as("not started").isNull();
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
    void aSnapshotCannotBeChangedByItsReaderAndKeepsTheStatusesInOrder() {
        MonitoringSnapshot snapshot = bed.monitoring();
        assertThatThrownBy(() -> snapshot.summary().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.sessions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(snapshot.summary().keySet()).containsExactly(SessionStatus.values());
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

    // ---- a kept view brought up to date for the sessions that changed ----

    private Optional<MonitoringSnapshot> refresh(MonitoringSnapshot previous, int... workers) {
        Set<SessionId> changed = Arrays.stream(workers).mapToObj(bed::sid).collect(Collectors.toSet());
        return bed.engine.monitoring().refreshMonitoringProgress(HC, previous, changed);
    }

    @Test
    void aKeptViewBroughtUpToDateForTheChangedSessionsEqualsAWholeRead() {
        bed.open();
        bed.start(1);
        bed.start(2);
        MonitoringSnapshot kept = bed.monitoring();
        bed.advance(Duration.ofSeconds(5));
        bed.answerCorrectly(1, 1, 1);
        bed.answerCorrectly(1, 2, 2);
        bed.submit(2);

        MonitoringSnapshot refreshed = refresh(kept, 1, 2).orElseThrow();

        assertThat(refreshed).isEqualTo(bed.monitoring());
        assertThat(refreshed.version()).isGreaterThan(kept.version());
        assertThat(refreshed.asOf()).isEqualTo(bed.clock.instant());
        assertThat(refreshed.summary()).containsEntry(SessionStatus.COMPLETED, 1)
                .containsEntry(SessionStatus.IN_PROGRESS, 1).containsEntry(SessionStatus.NOT_STARTED, 1);
    }

    @Test
    void theLastSessionClosingClosesTheGroupInABroughtUpToDateView() {
        bed.open();
        bed.start(1);
        bed.start(2);
        bed.start(3);
        bed.submit(1);
        bed.submit(2);
        MonitoringSnapshot kept = bed.monitoring();
        bed.submit(3);

        MonitoringSnapshot refreshed = refresh(kept, 3).orElseThrow();

        assertThat(refreshed.groupStatus()).isEqualTo(GroupStatus.CLOSED);
        assertThat(refreshed).isEqualTo(bed.monitoring());
    }

    @Test
    void rowsThatDidNotChangeAreKeptAsTheyWereTimeDrivenFieldsIncluded() {
        bed.open();
        bed.start(1);
        bed.start(2);
        MonitoringSnapshot kept = bed.monitoring();
        bed.advance(Duration.ofSeconds(91));
        bed.engine.heartbeat().heartbeat(new SessionCommand(ExamTestBed.worker(1), bed.sid(1)));

        MonitoringSnapshot refreshed = refresh(kept, 1).orElseThrow();

        assertThat(refreshed.sessions().get(0).online()).isTrue();
        assertThat(refreshed.sessions().get(1)).as("kept, although a whole read shows it offline now")
                .isEqualTo(kept.sessions().get(1));
        assertThat(bed.row(2).online()).isFalse();
        assertThat(refreshed.version()).as("stored state is current").isEqualTo(bed.monitoring().version());
    }

    @Test
    void aChangeToTheAssessmentItselfNeedsAWholeRead() {
        bed.open();
        bed.start(1);
        MonitoringSnapshot kept = bed.monitoring();
        bed.engine.closeGroupEarly().closeGroupEarly(new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId)));

        assertThat(refresh(kept, 1, 2, 3)).isEmpty();
    }

    @Test
    void anOverdueSessionNeedsTheWholeReadWhichClosesIt() {
        bed.open();
        bed.start(1);
        MonitoringSnapshot kept = bed.monitoring();
        // Past the deadline and the 120 s grace period: the session is due to be closed by its expiry policy.
        bed.advanceMinutes(ExamTestBed.DURATION_MINUTES + 3);

        assertThat(refresh(kept, 1)).isEmpty();
        assertThat(bed.row(1).status().isClosed()).isTrue();
    }

    @Test
    void aSessionOutsideTheKeptViewNeedsAWholeRead() {
        bed.open();
        MonitoringSnapshot kept = bed.monitoring();
        MonitoringSnapshot withoutTwo = new MonitoringSnapshot(kept.assessmentId(), kept.title(), kept.category(),
                kept.scheduleDate(), kept.groupStatus(), kept.version() - bed.row(2).version(), kept.asOf(),
                kept.summary(), kept.sessions().stream().filter(r -> !r.sessionId().equals(bed.sid(2))).toList(),
                kept.resetsAllowed());

        assertThat(refresh(withoutTwo, 2)).isEmpty();
        assertThat(bed.engine.monitoring().refreshMonitoringProgress(HC, kept, Set.of(SessionId.of("s-unknown"))))
                .isEmpty();
    }

    @Test
    void onlyStaffMayBringAViewUpToDate() {
        MonitoringSnapshot kept = bed.monitoring();
        assertThatThrownBy(() -> bed.engine.monitoring().refreshMonitoringProgress(Actor.worker("w-1"), kept,
                Set.of(bed.sid(1))))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void aParticipantRenamedBySchedulingAnotherAssessmentShowsTheNewNameAtOnce() {
        bed.open();
        assertThat(bed.row(1).name()).isEqualTo("Worker 1");

        scheduleRenaming(bed.engine, "Worker One");

        assertThat(bed.row(1).name()).isEqualTo("Worker One");
    }

    @Test
    void aRenameByAnotherEngineOnTheSameStorageShowsWithinThirtySeconds() {
        bed.open();
        assertThat(bed.row(1).name()).isEqualTo("Worker 1");
        ExamEngine other = ExamEngine.builder().storage(bed.storage).clock(bed.clock)
                .random(new SeededRandomSource(12, "other-")).build();

        scheduleRenaming(other, "Worker One");

        // This engine keeps the group's names between reads and is not told of the other engine's scheduling.
        assertThat(bed.row(1).name()).isEqualTo("Worker 1");
        bed.advance(Duration.ofSeconds(29));
        assertThat(bed.row(1).name()).isEqualTo("Worker 1");
        bed.advance(Duration.ofSeconds(1));
        assertThat(bed.row(1).name()).isEqualTo("Worker One");
    }

    private static void scheduleRenaming(ExamEngine engine, String newName) {
        engine.scheduleAssessment().scheduleAssessment(new ScheduleAssessmentCommand(ExamTestBed.ADMIN, "asmt-2",
                "Ladder safety", "Competency", LocalDate.ofInstant(ExamTestBed.OPENS, ZoneOffset.UTC),
                ExamTestBed.OPENS, null, 30, 60, null, List.of(PackageId.of("pkg-1")),
                List.of(new ScheduleAssessmentCommand.ParticipantInput("w-1", newName, "EMP-00001",
                        "worker1@example.com"))));
    }
}
