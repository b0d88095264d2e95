package org.examengine.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of the harness: starts the engine's server as its own JVM ({@code exam-engine serve} on a fresh database,
 * an H2 file or PostgreSQL ({@link RunDatabase}), fixed heap), prepares two assessments through its API, runs the
 * four scenarios one after the other while sampling the server's {@code /metrics}, stops the server and audits its
 * database. For the throughput scenario it also starts the baseline server in a JVM of its own, on the same kind of
 * database, and measures the two in alternated windows ({@link SaveThroughput#compare}); the baseline is stopped
 * when that scenario ends. Everything it starts is stopped before it returns, also on failure.
 */
final class LoadTest {

    static final String ENGINE_MAIN = "org.examengine.cli.ExamEngineCli";

    /** Connections of the warm-up's repeated presses of Start. */
    private static final int WARMUP_PRESS_CONNECTIONS = 16;

    /** HC watchers of the warm-up's assessment on the push channel. */
    static final int WARMUP_PUSH_WATCHERS = 10;

    /** Where things go and which server to start. */
    record Options(Path workDirectory, Path serverJar, List<String> serverJavaOptions, RunDatabase.Kind database,
                   Consumer<String> progress) {
    }

    /** Everything a run measured, for the report. */
    record Outcome(Settings settings, RunDatabase.Kind databaseKind, String database,
                   List<String> serverCommand, List<String> baselineCommand,
                   StartRush.Result rush, ServerMetrics.Window rushWindow,
                   SaveThroughput.Result engineSaves, ServerMetrics.Window savesWindow,
                   ExamDay.Result day, ServerMetrics.Window dayWindow,
                   MonitoringRead.Result monitoring, ServerMetrics.Window monitoringWindow,
                   double maxHeapMiB, DatabaseAudit.Result audit, SaveThroughput.Result baseline,
                   List<String> profile, double setupSeconds) {

        /** Errors of every scenario, the audit not included. */
        long errors() {
            return rush.operations().errors() + engineSaves.errors() + day.operations().errors()
                    + monitoring.operations().errors() + baseline.errors();
        }
    }

    private LoadTest() {
    }

    /**
     * The JDK's {@code profile} settings without JDBI's per-statement events: they are on by default once a
     * recording runs and record every statement with its SQL and parameters (70 MB in a 3-minute run), work the
     * server does not do without a recording.
     */
    private static String recordingSettings(Path work) {
        Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        try {
            String jfc = Files.readString(profile);
            int end = jfc.lastIndexOf("</configuration>");
            if (end < 0) {
                return "profile";
            }
            Path own = work.resolve("profile-without-jdbi.jfc");
            Files.writeString(own, jfc.substring(0, end)
                    + "  <event name=\"jdbi.statement\">\n    <setting name=\"enabled\">false</setting>\n  </event>\n"
                    + jfc.substring(end));
            return own.toString();
        } catch (IOException e) {
            return "profile";
        }
    }

    static Outcome run(Settings settings, Options options) {
        Consumer<String> say = options.progress();
        Path work = options.workDirectory();
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        say.accept("opening a fresh " + options.database().optionValue() + " database");
        try (RunDatabase db = RunDatabase.open(options.database(), work)) {
            return run(settings, options, db);
        }
    }

    private static Outcome run(Settings settings, Options options, RunDatabase db) {
        Consumer<String> say = options.progress();
        Path work = options.workDirectory();
        Path jfr = work.resolve("server.jfr");
        say.accept("issuing an ADMIN token (token issue " + String.join(" ", db.serveArguments()) + ")");
        String admin = adminToken(options.serverJar(), db, work.resolve("token.log"));
        int port = JavaProcess.freePort();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + settings.get("server-heap-mib") + "m"));
        jvm.addAll(options.serverJavaOptions());
        if (settings.flag("jfr")) {
            jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=" + recordingSettings(work));
        }
        List<String> serveArgs = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        serveArgs.addAll(db.serveArguments());
        serveArgs.addAll(List.of("--start-rate", Integer.toString(settings.get("server-start-rate")), "--start-burst",
                Integer.toString(settings.get("server-start-burst")), "--push-coalescing-ms",
                Integer.toString(settings.get("server-push-coalescing-ms"))));
        List<String> serverCommand = JavaProcess.commandLine(jvm, options.serverJar(), ENGINE_MAIN, serveArgs);
        Acknowledgements acks = new Acknowledgements(Math.max(2, settings.get("day-questions")));
        String stamp = LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        int questions = settings.get("day-questions");
        StartRush.Result rush;
        SaveThroughput.Result saves;
        SaveThroughput.Result baseline;
        int baselinePort = JavaProcess.freePort();
        List<String> baselineJvm = new ArrayList<>(List.of("-Xmx" + settings.get("server-heap-mib") + "m"));
        baselineJvm.addAll(options.serverJavaOptions());
        List<String> baselineCommand = JavaProcess.commandLine(baselineJvm, null, BaselineServer.class.getName(),
                List.of(Integer.toString(baselinePort), db.baselineTarget()));
        ExamDay.Result day;
        MonitoringRead.Result monitoring;
        ServerMetrics.Window w1;
        ServerMetrics.Window w2;
        ServerMetrics.Window w3;
        ServerMetrics.Window w4;
        double maxHeap;
        ExamFixture rushExam;
        ExamFixture dayExam;
        double setupSeconds;
        say.accept("starting the server: " + String.join(" ", serverCommand));
        try (JavaProcess server = JavaProcess.startServer(serverCommand, work.resolve("server.log"), port, 120);
             ServerMetrics metrics = ServerMetrics.start(JavaProcess.HOST, port)) {
            long setup = System.nanoTime();
            say.accept("preparing " + settings.get("start-workers") + " + " + settings.get("day-workers")
                    + " workers through the API");
            rushExam = ExamFixture.create(server.port(), admin, "rush-" + stamp, settings.get("start-workers"),
                    questions);
            dayExam = ExamFixture.create(server.port(), admin, "day-" + stamp, settings.get("day-workers"),
                    questions);
            int warmupWorkers = settings.get("warmup-workers");
            ExamFixture warmupExam = warmupWorkers == 0 ? null
                    : ExamFixture.create(server.port(), admin, "warmup-" + stamp, warmupWorkers, questions);
            setupSeconds = (System.nanoTime() - setup) / 1e9;
            if (warmupExam != null) {
                // As a server is on an exam morning: running for a while before the rush, its code compiled.
                say.accept("warm-up: " + warmupWorkers + " workers of an assessment of their own start and save for "
                        + settings.get("warmup-seconds") + " s, " + WARMUP_PUSH_WATCHERS
                        + " HC watchers following them by push (not measured)");
                int warmConnections = Math.min(settings.get("save-connections"),
                        warmupWorkers / Math.max(1, settings.get("save-sessions-per-connection")));
                Settings warm = settings.with("save-warmup-seconds", 0)
                        .with("save-measure-seconds", settings.get("warmup-seconds"))
                        .with("save-connections", warmConnections);
                StartRush.run(server.port(), warmupExam.workers, warm);
                try (WarmupWatchers watching = WarmupWatchers.open(server.port(), warmupExam,
                        WARMUP_PUSH_WATCHERS)) {
                    Thread pressing = pressStartAgain(server.port(), warmupExam, warm);
                    if (warmConnections > 0) {
                        SaveThroughput.run("warm-up", server.port(), null, warmupExam.workers, questions, warm,
                                null);
                    }
                    Threads.joinAll(pressing);
                }
            }
            say.accept("scenario 1: start rush of " + rushExam.workers.size() + " workers");
            rush = StartRush.run(server.port(), rushExam.workers, settings);
            w1 = metrics.window(rush.fromNanos(), rush.toNanos());
            say.accept("scenario 2: save throughput, " + settings.get("save-connections") + " connections, "
                    + settings.get("save-warmup-seconds") + " s warm-up + " + settings.get("save-measure-seconds")
                    + " s measured, against the engine and against the baseline (a bare Javalin + one upsert "
                    + "server) in alternated windows");
            try (JavaProcess baselineServer = JavaProcess.startServer(baselineCommand, work.resolve("baseline.log"),
                    baselinePort, 60)) {
                SaveThroughput.Comparison compared = SaveThroughput.compare(server.port(), server.process(),
                        baselineServer.port(), baselineServer.process(), rushExam.workers, questions, settings,
                        acks, say);
                saves = compared.engine();
                baseline = compared.baseline();
            }
            w2 = metrics.window(saves.windows().stream().map(w -> new long[] {w.fromNanos(), w.toNanos()})
                    .toList());
            say.accept("scenario 3: exam day, " + dayExam.workers.size() + " workers, "
                    + settings.get("day-push-watchers") + " push watchers, " + settings.get("day-poll-watchers")
                    + " polling watchers");
            day = ExamDay.run(dayExam, server.port(), settings, acks);
            w3 = metrics.window(day.fromNanos(), day.toNanos());
            say.accept("scenario 4: monitoring read of the exam-day group");
            monitoring = MonitoringRead.run(server.port(), dayExam, day.openWorker(), settings, acks);
            w4 = metrics.window(monitoring.fromNanos(), monitoring.toNanos());
            maxHeap = metrics.maxHeapMiB();
            say.accept("stopping the server");
        }
        say.accept("auditing the database");
        Map<String, Double> scores = new HashMap<>(day.scores());
        scores.putAll(saves.scores());
        DatabaseAudit.Result audit = DatabaseAudit.run(db, List.of(rushExam.assessmentId, dayExam.assessmentId), acks,
                scores);
        List<String> profile = settings.flag("jfr") && Files.exists(jfr) ? Profile.hotMethods(jfr, 15) : List.of();
        return new Outcome(settings, db.kind(), db.description(), serverCommand, baselineCommand, rush, w1, saves,
                w2, day, w3, monitoring, w4, maxHeap, audit, baseline, profile, setupSeconds);
    }

    /**
     * While the warm-up saves, its workers press Start again and again (each press resumes a started session), in
     * rushes of their own through the start bucket, so that the start path and the refusal of presses past the
     * bucket are compiled before the measured rush, as on a server that has seen exams before. Starts no new
     * rush after the warm-up's duration.
     */
    private static Thread pressStartAgain(int port, ExamFixture warmupExam, Settings warm) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(warm.get("warmup-seconds"));
        Settings presses = warm.with("start-connections", WARMUP_PRESS_CONNECTIONS);
        Thread t = new Thread(() -> {
            while (System.nanoTime() < until) {
                StartRush.run(port, warmupExam.workers, presses);
            }
        }, "warm-up-presses");
        t.start();
        return t;
    }

    /** Issues the first ADMIN token on the fresh database, before the server holds it open. */
    private static String adminToken(Path serverJar, RunDatabase db, Path log) {
        List<String> args = new ArrayList<>(List.of("token", "issue", "--role", "ADMIN", "--subject",
                "loadtest-admin"));
        args.addAll(db.serveArguments());
        String out = JavaProcess.run(JavaProcess.commandLine(List.of("-Xmx256m"), serverJar, ENGINE_MAIN, args), log);
        String token = null;
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (!t.isEmpty() && !t.contains(" ") && t.contains(".")) {
                token = t;
            }
        }
        if (token == null) {
            throw new IllegalStateException("no token in the output of token issue: " + out);
        }
        return token;
    }
}
