package org.examengine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example in README.md compiles against the current code and runs. */
class ReadmeEmbeddingExampleTest {

    private static final String MARKER = "<!-- embedding-example -->";

    @Test
    void theReadmeEmbeddingExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README marks its embedding example").isPositive();
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        String source = readme.substring(start, readme.indexOf("```", start));
        assertThat(source.lines().count()).as("a short example").isLessThanOrEqualTo(40);

        Path file = dir.resolve("EmbeddingExample.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(),
                "-classpath", System.getProperty("java.class.path"), file.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("EmbeddingExample").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("score \\d+\\.\\d+% (Pass|Fail)");
        assertThat(lines).contains("Worker 1 Completed 10/10", "Worker 2 NotStarted 0/10", "Worker 3 NotStarted 0/10");
    }
}
