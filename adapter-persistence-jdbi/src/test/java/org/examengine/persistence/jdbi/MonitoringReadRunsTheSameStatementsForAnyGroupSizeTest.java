package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HC monitoring read costs a fixed number of statements: 10 sessions or 1,000, no query per session. */
class MonitoringReadRunsTheSameStatementsForAnyGroupSizeTest {

    private static final Actor ADMIN = Actor.admin("admin");
    private static final Instant OPENS = Instant.parse("2030-05-04T08:00:00Z");

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aGroupOfAThousandCostsAsManyStatementsAsAGroupOfTen(Backend backend) {
        try (JdbiExamStorage storage = backend.migrated(tempDir)) {
            ManualClock clock = new ManualClock(OPENS.plusSeconds(60));
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).build();
            engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "pkg", 20));
            AssessmentId small = schedule(engine, clock, "small", 10);
            AssessmentId large = schedule(engine, clock, "large", 1_000);
            StatementCounter counter = new StatementCounter();
            storage.jdbi().setSqlLogger(counter);

            MonitoringSnapshot ofTen = engine.monitoring().getMonitoringProgress(
                    new MonitoringQuery(Actor.hc("hc"), AssessmentRef.byId(small)));
            int forTen = counter.reset();
            MonitoringSnapshot ofThousand = engine.monitoring().getMonitoringProgress(
                    new MonitoringQuery(Actor.hc("hc"), AssessmentRef.byId(large)));
            int forThousand = counter.reset();

            assertThat(ofTen.sessions()).hasSize(10);
            assertThat(ofThousand.sessions()).hasSize(1_000);
            assertThat(ofThousand.sessions()).filteredOn(r -> r.progress() == 2).hasSize(100);
            assertThat(forThousand).isEqualTo(forTen);
            assertThat(forTen).as("assessment, sessions, participant names").isEqualTo(3);
        }
    }

    /** Schedules a group of {@code size}; every tenth worker starts and answers two questions. */
    private static AssessmentId schedule(ExamEngine engine, ManualClock clock, String id, int size) {
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, id,
                "Group " + id, OPENS, 60, 50, ExamPolicy.defaults(), List.of(PackageId.of("pkg")), size));
        List<ScheduledAssessment.ScheduledSession> sessions = new ArrayList<>(scheduled.sessions());
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

    private static final class StatementCounter implements SqlLogger {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void logBeforeExecution(StatementContext context) {
            count.incrementAndGet();
        }

        int reset() {
            return count.getAndSet(0);
        }
    }
}
