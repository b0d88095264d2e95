package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code serve --demo} as a real process, and {@code simulate} driving 200 virtual workers through it. */
class SimulateAgainstServeDemoTest {

    @TempDir
    Path dir;

    @Test
    void twoHundredVirtualWorkersCompleteAnExamAgainstTheDemoServer() throws Exception {
        try (CliProcess serve = CliProcess.start("serve", "--demo", "--port", "0", "--db", dir.toString())) {
            String url = serve.awaitLine("exam engine listening on", 60)
                    .replaceAll(".*exam engine listening on (\\S+).*", "$1");
            String admin = serve.awaitLine("admin token:", 30).replaceAll(".*admin token:\\s+(\\S+).*", "$1");

            CliRunner.Result run = CliRunner.run("simulate", "--server", url, "--token", admin, "--workers", "200",
                    "--questions", "10", "--seconds", "4", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("[##############################] 200/200 workers done");
            JsonNode summary = Output.JSON.readTree(run.out());
            assertThat(summary.get("completed").asInt()).isEqualTo(200);
            assertThat(summary.get("answersSaved").asInt()).isEqualTo(2_000);
            assertThat(summary.get("errors").asInt()).isZero();

            String assessment = summary.get("assessmentId").asText();
            CliRunner.Result table = CliRunner.run("monitor", assessment, "--once", "--server", url, "--token", admin);
            assertThat(table.exitCode()).as(table.err()).isZero();
            assertThat(table.out()).contains("Completed 200").contains("group Closed");

            // A session's history, read through the server.
            JsonNode export = Output.JSON.readTree(CliRunner.run("results", assessment, "--json", "--server", url,
                    "--token", admin).out());
            String session = export.get("rows").get(0).get("sessionId").asText();
            CliRunner.Result history = CliRunner.run("session-history", session, "--json", "--server", url,
                    "--token", admin);
            assertThat(history.exitCode()).as(history.err()).isZero();
            JsonNode h = Output.JSON.readTree(history.out());
            assertThat(h.get("attempt").asInt()).isEqualTo(1);
            assertThat(h.get("attempts")).isEmpty();
            assertThat(h.get("events").get(0).get("action").asText()).isEqualTo("SESSION_STARTED");
            assertThat(h.get("events").get(h.get("events").size() - 1).get("action").asText())
                    .isEqualTo("SESSION_SUBMITTED");

            // The audit log, read through the server: the newest event is a submit of the simulated group.
            CliRunner.Result audit = CliRunner.run("audit", "--limit", "5", "--json", "--server", url, "--token", admin);
            assertThat(audit.exitCode()).as(audit.err()).isZero();
            JsonNode events = Output.JSON.readTree(audit.out());
            assertThat(events).hasSize(5);
            assertThat(events.get(0).get("assessmentId").asText()).isEqualTo(assessment);
        }
    }

    @Test
    void anUnreachableServerIsAConnectionFailure() {
        CliRunner.Result run = CliRunner.run("history", "--server", "http://127.0.0.1:1", "--token", "t.x");
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).startsWith("error: cannot connect");
    }
}
