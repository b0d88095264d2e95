package org.examengine.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a short exam in memory with virtual workers and shows HC's live monitoring table while they work:
 * answers arrive, a worker is paused and resumed by HC, one never starts, and HC closes the group at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a live in-memory exam with virtual workers and watch the monitoring table.")
final class DemoCli implements Runnable {

    private static final Actor ADMIN = Actor.admin("demo-admin");
    private static final Actor HC = Actor.hc("demo-hc");

    @Option(names = "--workers", defaultValue = "12", description = "Number of virtual workers (2-200), default ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--questions", defaultValue = "20", description = "Questions per worker (1-200), default ${DEFAULT-VALUE}.")
    private int questions;

    @Option(names = "--seconds", defaultValue = "20", description = "About how long the workers take (5-600), default ${DEFAULT-VALUE}.")
    private int seconds;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the workers' behaviour, default ${DEFAULT-VALUE}.")
    private long seed;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        requireRange("--workers", workers, 2, 200);
        requireRange("--questions", questions, 1, 200);
        requireRange("--seconds", seconds, 5, 600);
        PrintWriter out = spec.commandLine().getOut();
        boolean ansi = System.console() != null;

        ExamEngine engine = ExamEngine.builder().storage(new InMemoryExamStorage()).clock(Clock.systemUTC()).build();
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "demo-package", questions));
        ScheduledAssessment exam = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, null,
                "Demo competency exam", Instant.now().minusSeconds(1), Math.max(2, seconds * 3 / 60 + 1), 70,
                ExamPolicy.defaults(), List.of(PackageId.of("demo-package")), workers));
        MonitoringQuery watch = new MonitoringQuery(HC, AssessmentRef.byId(exam.assessmentId()));

        VirtualWorkers crowd = VirtualWorkers.start(engine, exam, questions, seconds, seed);
        SessionId paused = exam.sessions().get(1).sessionId();
        long started = System.nanoTime();
        boolean pausedOnce = false;
        boolean resumed = false;
        MonitoringSnapshot snapshot;
        while (true) {
            snapshot = engine.monitoring().getMonitoringProgress(watch);
            if (ansi) {
                out.print("\u001b[H\u001b[2J");
            }
            MonitoringTable.print(out, snapshot);
            out.println();
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            if (!pausedOnce && elapsed >= seconds / 3) {
                runQuietly(() -> engine.pauseSession().pauseSession(new SessionCommand(HC, paused)));
                pausedOnce = true;
            } else if (pausedOnce && !resumed && elapsed >= seconds / 3 + 3) {
                runQuietly(() -> engine.resumeSession().resumeSession(new SessionCommand(HC, paused)));
                resumed = true;
            }
            int open = snapshot.summary().getOrDefault(SessionStatus.IN_PROGRESS, 0)
                    + snapshot.summary().getOrDefault(SessionStatus.PAUSED, 0);
            if ((open == 0 && elapsed > 2) || elapsed > seconds * 4L) {
                break;
            }
            sleep(1_000);
        }
        crowd.close();
        if (snapshot.groupStatus() != GroupStatus.CLOSED) {
            snapshot = engine.closeGroupEarly().closeGroupEarly(new AssessmentCommand(HC, watch.assessment()));
            out.println("HC closed the group early:");
            MonitoringTable.print(out, snapshot);
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (ExamException ignored) {
            // The worker may have finished already.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(),
                    option + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
