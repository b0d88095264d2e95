package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripted exam of README.md runs with bash as it stands, the CLI being the code under test. */
class ReadmeScriptedExamTest {

    private static final String MARKER = "<!-- scripted-exam -->";

    @TempDir
    Path dir;

    @Test
    void theReadmeScriptRunsAWholeExamFromTheShell() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```sh\n", readme.indexOf(MARKER)) + "```sh\n".length();
        String script = readme.substring(start, readme.indexOf("```", start));
        List<String> lines = script.lines().toList();
        assertThat(lines).as("a dozen lines").hasSizeLessThanOrEqualTo(12);
        String jar = "java -jar adapter-cli/target/exam-engine.jar";
        assertThat(lines.get(0)).startsWith("EXAM=\"" + jar + "\"");

        // The same script, with the CLI on the test classpath instead of the packaged jar, and a free port.
        String java = ProcessHandle.current().info().command().orElse("java");
        String body = script.replace(jar, java + " -cp " + System.getProperty("java.class.path") + " "
                        + ExamEngineCli.class.getName())
                .replace("PORT=8080", "PORT=" + freePort());
        Files.createDirectories(dir.resolve("docs/examples"));
        for (String example : List.of("forklift.csv", "people.csv")) {
            Files.copy(Path.of("..", "docs", "examples", example), dir.resolve("docs/examples").resolve(example));
        }
        Path file = Files.writeString(dir.resolve("exam.sh"), "set -euo pipefail\n" + body);

        // Output goes to a file, not a pipe: a server left running could otherwise hold the pipe open forever.
        Path log = dir.resolve("exam.log");
        Process bash = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = bash.waitFor(180, TimeUnit.SECONDS);
        bash.descendants().forEach(ProcessHandle::destroyForcibly);
        bash.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("the script ended by itself:%n%s", output).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();

        assertThat(output).contains("imported package forklift-v1 (5 questions").contains("4 of 4 workers completed")
                .contains("group Closed");
        List<String> csv = Files.readAllLines(dir.resolve("fl-march.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.subList(1, 5)).allSatisfy(row -> assertThat(row).contains(",Completed,"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
