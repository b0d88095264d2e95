package org.examengine.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HC monitoring read costs a fixed number of SQL statements, counted by Hibernate's statistics: a group of
 * 1,000 sessions as many as a group of 10, so no statement runs per session or per participant.
 */
class MonitoringReadIssuesAFixedNumberOfStatementsTest {

    private static final Actor ADMIN = Actor.admin("admin");
    private static final Instant OPENS = Instant.parse("2030-05-04T08:00:00Z");

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aGroupOfAThousandCostsAsManyStatementsAsAGroupOfTen(Backend backend) {
        try (JpaExamStorage storage = backend.storage(tempDir, Map.of(AvailableSettings.GENERATE_STATISTICS, true))) {
            ManualClock clock = new ManualClock(OPENS.plusSeconds(60));
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).build();
            engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "pkg", 20));
            AssessmentId small = schedule(engine, clock, "small", 10);
            AssessmentId large = schedule(engine, clock, "large", 1_000);
            Statistics statistics = storage.entityManagerFactory().unwrap(SessionFactory.class).getStatistics();

            statistics.clear();
            MonitoringSnapshot ofTen = read(engine, small);
            long forTen = statistics.getPrepareStatementCount();
            long entitiesForTen = statistics.getEntityLoadCount();
            statistics.clear();
            MonitoringSnapshot ofThousand = read(engine, large);
            long forThousand = statistics.getPrepareStatementCount();
            long collectionsForThousand = statistics.getCollectionFetchCount();

            assertThat(ofTen.sessions()).hasSize(10);
            assertThat(ofThousand.sessions()).hasSize(1_000);
            assertThat(ofThousand.sessions()).filteredOn(r -> r.progress() == 2).hasSize(100);
            assertThat(entitiesForTen).as("assessment, sessions and participants loaded").isEqualTo(1 + 10 + 10);
            assertThat(forThousand).isEqualTo(forTen);
            assertThat(forTen).as("assessment with its packages, sessions, participant names").isEqualTo(3);
            assertThat(collectionsForThousand).as("collections loaded lazily").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSessionsChangedSinceALiveUpdateAreReadInOneStatement(Backend backend) {
        try (JpaExamStorage storage = backend.storage(tempDir, Map.of(AvailableSettings.GENERATE_STATISTICS, true))) {
            ManualClock clock = new ManualClock(OPENS.plusSeconds(60));
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).build();
            engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "pkg", 20));
            AssessmentId group = schedule(engine, clock, "group", 60);
            List<SessionId> ids = storage.sessions().findByAssessment(group).stream().map(ExamSession::id).toList();
            Statistics statistics = storage.entityManagerFactory().unwrap(SessionFactory.class).getStatistics();

            statistics.clear();
            Map<SessionId, ExamSession> found = storage.sessions().findAllById(ids.subList(0, 50));

            assertThat(found).hasSize(50).containsOnlyKeys(ids.subList(0, 50));
            assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
        }
    }

    private static MonitoringSnapshot read(ExamEngine engine, AssessmentId id) {
        return engine.monitoring().getMonitoringProgress(new MonitoringQuery(Actor.hc("hc"), AssessmentRef.byId(id)));
    }

    /** Schedules a group of {@code size}; every tenth worker starts and answers two questions. */
    private static AssessmentId schedule(ExamEngine engine, ManualClock clock, String id, int size) {
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, id,
                "Group " + id, OPENS, 60, 50, ExamPolicy.defaults(), List.of(PackageId.of("pkg")), size));
        List<ScheduledAssessment.ScheduledSession> sessions = scheduled.sessions();
        for (int i = 0; i < sessions.size(); i += 10) {
            Actor worker = Actor.worker(sessions.get(i).participantId().value());
            SessionId sid = sessions.get(i).sessionId();
            engine.startExam().startExam(new SessionCommand(worker, sid));
            for (int q = 1; q <= 2; q++) {
                engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, sid, SampleExam.question(q),
                        SampleExam.correctOption(q), 0, q));
            }
        }
        clock.advanceSeconds(1);
        return scheduled.assessmentId();
    }
}
