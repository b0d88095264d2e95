package org.examengine.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load harness's command line:
 * {@code java -jar loadtest.jar standard|smoke [--database=h2|postgresql|h2,postgresql] [--docs=FILE]
 * [--server-jar=JAR] [--server-java-option=OPTION...] [--work-dir=DIR] [--NAME=VALUE...]}.
 *
 * <p>Runs the four scenarios against a server started as its own JVM on a fresh database ({@code --database}: an
 * H2 file by default, or PostgreSQL on a server the harness starts for the run; both, one run after the other, with
 * {@code h2,postgresql}), audits its database, runs the baseline on the same kind of database,
 * prints the report (Markdown) and writes it to {@code report.md} in the work directory (a new temporary directory
 * unless {@code --work-dir} names one; it also keeps the databases and the servers' logs; with two databases, each
 * run has a subdirectory named after its database). {@code --docs=FILE}
 * writes the report into that file between the load-test markers. {@code --server-jar} starts the server from that
 * jar (e.g. {@code adapter-cli/target/exam-engine.jar}) instead of this jar's classes. Each
 * {@code --server-java-option} is passed to the server's JVM and the baseline's (e.g.
 * {@code --server-java-option=-XX:+UseZGC}). Any setting of
 * {@link Settings} can be overridden, e.g. {@code --save-measure-seconds=60} or {@code --jfr=1} for a flight
 * recording of the server, summarised in the output.
 *
 * <p>Exit code 0 when the run completed without an error and the audit passed (targets missed do not fail it),
 * 1 otherwise, 2 for a usage error.
 */
public final class LoadTestCli {

    private LoadTestCli() {
    }

    public static void main(String[] args) throws IOException {
        // The embedded PostgreSQL server logs each step of its start and stop; its warnings and errors are enough.
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: java -jar loadtest.jar standard|smoke [--database=h2|postgresql|h2,postgresql] "
                    + "[--docs=FILE] [--server-jar=JAR] [--server-java-option=OPTION...] [--work-dir=DIR] "
                    + "[--NAME=VALUE...]");
            System.exit(2);
        }
        Settings settings;
        Path docs = null;
        Path serverJar = null;
        Path work = null;
        List<RunDatabase.Kind> databases = List.of(RunDatabase.Kind.H2);
        List<String> serverJavaOptions = new ArrayList<>();
        try {
            settings = Settings.named(args[0]);
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --NAME=VALUE, got " + arg);
                }
                String name = arg.substring(2, eq);
                String value = arg.substring(eq + 1);
                switch (name) {
                    case "database" -> databases = RunDatabase.Kind.list(value);
                    case "docs" -> docs = Path.of(value);
                    case "server-jar" -> serverJar = Path.of(value);
                    case "server-java-option" -> serverJavaOptions.add(value);
                    case "work-dir" -> work = Path.of(value);
                    default -> settings.set(name, value);
                }
            }
            settings.validate();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (work == null) {
            work = Files.createTempDirectory("exam-loadtest-");
        }
        Files.createDirectories(work);
        System.err.println("work directory (databases, logs, report): " + work);
        long started = System.nanoTime();
        boolean passed = true;
        for (RunDatabase.Kind database : databases) {
            Path runWork = databases.size() == 1 ? work : work.resolve(database.optionValue());
            LoadTest.Outcome outcome = LoadTest.run(settings, new LoadTest.Options(runWork, serverJar,
                    serverJavaOptions, database, line -> System.err.printf("[%5.0f s] %s%n",
                    (System.nanoTime() - started) / 1e9, line)));
            String report = Report.markdown(outcome);
            System.out.println(report);
            if (!outcome.profile().isEmpty()) {
                System.out.println("Server profile (JFR):");
                outcome.profile().forEach(System.out::println);
            }
            Files.writeString(runWork.resolve("report.md"), report, StandardCharsets.UTF_8);
            if (docs != null) {
                Report.writeSection(docs, report, database);
                System.err.println("load-test section (" + database.optionValue() + ") written to " + docs);
            }
            passed &= outcome.errors() == 0 && outcome.audit().passed();
        }
        System.err.printf("done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(passed ? 0 : 1);
    }
}
