package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save the engine acknowledged is committed, and a committed save is in the H2 file even if the process is
 * killed with SIGKILL right after: no shutdown hook, no background flush gets to run.
 */
class AcknowledgedSavesSurviveSigkillTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path tempDir;

    private record Ack(String session, String question, long seq, String option) {
        static Ack parse(String line) {
            String[] f = line.split(" ");
            return new Ack(f[1], f[2], Long.parseLong(f[3]), f[4]);
        }
    }

    @Test
    void everyAcknowledgedSaveIsStoredAfterTheWriterIsKilled() throws Exception {
        String url = Backend.h2Url(tempDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AcknowledgingSaveWriter.class.getName(), url)
                .redirectError(tempDir.resolve("writer.err").toFile())
                .start();
        List<Ack> acks = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && acks.size() < ACKS_BEFORE_KILL) {
                if (line.startsWith("ACK ")) {
                    acks.add(Ack.parse(line));
                }
            }
            assertThat(acks).as("acknowledged saves before the kill (see writer.err)").hasSize(ACKS_BEFORE_KILL);

            // Killed while it keeps saving: its next commits are in flight.
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.destroyForcibly();
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        try (JdbiExamStorage reopened = JdbiExamStorage.connect(url, "sa", "").migrate()) {
            for (Ack ack : acks) {
                Response stored = reopened.responses().find(SessionId.of(ack.session()), QuestionId.of(ack.question()))
                        .orElse(null);
                assertThat(stored).as("acknowledged save %s", ack).isNotNull();
                assertThat(stored.clientSeq()).as("acknowledged save %s", ack).isGreaterThanOrEqualTo(ack.seq());
                if (stored.clientSeq() == ack.seq()) {
                    assertThat(stored.optionId()).isEqualTo(OptionId.of(ack.option()));
                }
            }
        }
    }
}
