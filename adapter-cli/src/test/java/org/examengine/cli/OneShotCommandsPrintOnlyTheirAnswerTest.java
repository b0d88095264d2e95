package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run as its own process prints its answer, or one error line, and nothing else: the connection pool's
 * and the migrations' progress is left to the server's log.
 */
class OneShotCommandsPrintOnlyTheirAnswerTest {

    @TempDir
    Path dir;

    @Test
    void aCommandOnTheDatabasePrintsItsAnswerAloneAndARefusalAsOneLine() throws Exception {
        assertThat(CliRunner.run("token", "issue", "--role", "HC", "--subject", "hc1", "--db", dir.toString())
                .exitCode()).isZero();

        try (CliProcess audit = CliProcess.start("audit", "--json", "--db", dir.toString())) {
            List<String> lines = audit.allLines(60);
            assertThat(String.join("\n", lines)).startsWith("[").endsWith("]").contains("TOKEN_ISSUED")
                    .doesNotContain("INFO");
            assertThat(Output.JSON.readTree(String.join("\n", lines))).hasSize(1);
        }

        try (CliProcess refused = CliProcess.start("audit", "--limit", "0", "--db", dir.toString())) {
            List<String> lines = refused.allLines(60);
            assertThat(lines).containsExactly("error: limit must be between 1 and 1000, was 0");
            assertThat(refused.waitFor(1)).isEqualTo(2);
        }
    }

    @Test
    void onlyServeKeepsTheLibrariesProgressInItsLog() {
        assertThat(ExamEngineCli.serving(new String[] {"serve", "--demo"})).isTrue();
        assertThat(ExamEngineCli.serving(new String[] {"--db", "x"})).isFalse();
        assertThat(ExamEngineCli.serving(new String[] {"results", "serve"})).isFalse();
        assertThat(ExamEngineCli.serving(new String[] {"audit", "--json"})).isFalse();
    }
}
