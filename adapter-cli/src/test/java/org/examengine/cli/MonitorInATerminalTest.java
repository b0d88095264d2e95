package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor --server} in a real terminal (tmux): the table is redrawn in place when a worker answers. */
class MonitorInATerminalTest {

    @TempDir
    Path dir;

    @Test
    void theLiveTableShowsAChangedRowWithoutBeingRestarted() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed: skipping the terminal test");
        StorageOptions db = new StorageOptions();
        db.db = dir.resolve("db").toString();
        db.user = "";
        db.password = "";
        String tmux = "monitor-" + ProcessHandle.current().pid();
        try (ServerAssembly node = ServerAssembly.start(db, "127.0.0.1", 0)) {
            Actor admin = Actor.admin("test");
            node.engine.importPackage().importPackage(SampleExam.packageCommand(admin, "p", 5));
            ScheduledAssessment exam = node.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(admin,
                    "terminal", "Terminal check", Instant.now().minusSeconds(60), 30, 60, ExamPolicy.defaults(),
                    List.of(PackageId.of("p")), 2));
            String hc = node.engine.issueToken().issueToken(new IssueTokenCommand(admin, Actor.hc("hc"), null)).token();
            String command = String.join(" ", ProcessHandle.current().info().command().orElse("java"),
                    "-cp", "'" + System.getProperty("java.class.path") + "'", ExamEngineCli.class.getName(),
                    "monitor", "terminal", "--server", node.baseUrl(), "--token", hc);
            run("tmux", "new-session", "-d", "-s", tmux, "-x", "120", "-y", "30", command);
            try {
                String before = awaitScreen(tmux, "Worker 1       0/5       NotStarted");
                assertThat(before).contains("Terminal check").contains("group Open");

                SessionId session = exam.sessions().get(0).sessionId();
                Actor worker = Actor.worker("w-1");
                node.engine.startExam().startExam(new SessionCommand(worker, session));
                node.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, session, SampleExam.question(1),
                        SampleExam.correctOption(1), 0, 1));

                String after = awaitScreen(tmux, "Worker 1       1/5       InProgress");
                assertThat(after).contains("Worker 2       0/5       NotStarted");
                assertThat(after.lines().filter(l -> l.startsWith("Worker 1")).count())
                        .as("redrawn in place, not appended").isEqualTo(1);
            } finally {
                run("tmux", "kill-session", "-t", tmux);
            }
        }
    }

    private static String awaitScreen(String session, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = run("tmux", "capture-pane", "-p", "-t", session);
            if (screen.contains(text)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the terminal never showed '" + text + "'; it showed:\n" + screen);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
