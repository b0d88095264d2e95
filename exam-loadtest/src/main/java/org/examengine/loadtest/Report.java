package org.examengine.loadtest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The report of a run in Markdown: the targets with what was measured and whether each is met, each scenario's
 * latencies, the warm-up curve, the server's heap and CPU, the audit, the machine and the commands. The same text
 * is printed and, on request, written into {@code docs/benchmarks.md} between the markers
 * {@code <!-- loadtest:begin -->} and {@code <!-- loadtest:end -->} for a run on H2, {@code <!--
 * loadtest-postgresql:begin -->} and {@code <!-- loadtest-postgresql:end -->} for one on PostgreSQL (added at the
 * end of the file when missing), leaving the rest of the file as it was.
 */
final class Report {

    static final String BEGIN = "<!-- loadtest:begin -->";
    static final String END = "<!-- loadtest:end -->";
    static final String POSTGRESQL_BEGIN = "<!-- loadtest-postgresql:begin -->";
    static final String POSTGRESQL_END = "<!-- loadtest-postgresql:end -->";

    /** One target: what is asked, what was measured, and whether it is met. */
    record Target(String target, String measured, boolean met) {
    }

    private Report() {
    }

    static List<Target> targets(LoadTest.Outcome o) {
        Settings s = o.settings();
        List<Target> t = new ArrayList<>();
        StartRush.Result rush = o.rush();
        Latencies start = rush.operations().of("StartExam");
        t.add(new Target(String.format("%,d workers started within 60 s, no error", rush.workers()),
                String.format("%,d started in %.1f s, %d errors, %,d answers 429 retried", rush.started(),
                        rush.secondsToAllStarted(), rush.operations().errors(), rush.refused()),
                rush.started() == rush.workers() && rush.secondsToAllStarted() <= 60
                        && rush.operations().errors() == 0));
        t.add(new Target("StartExam p99 < 200 ms", ms(start.percentileMillis(99)) + " ms",
                start.count() > 0 && start.percentileMillis(99) < 200));
        SaveThroughput.Result saves = o.engineSaves();
        t.add(new Target(String.format("SaveAnswer >= 20,000/s at %d connections after warm-up",
                        s.get("save-connections")), String.format("%,.0f/s", saves.savesPerSecond()),
                saves.savesPerSecond() >= 20_000));
        double ratio = o.baseline().savesPerSecond() == 0 ? 0
                : 100 * saves.savesPerSecond() / o.baseline().savesPerSecond();
        t.add(new Target("SaveAnswer >= 80% of the baseline (bare Javalin + one " + databaseName(o) + " upsert)",
                String.format("%.0f%% (baseline %,.0f/s)", ratio, o.baseline().savesPerSecond()), ratio >= 80));
        t.add(new Target("SaveAnswer p99 < 20 ms", ms(saves.latencies().percentileMillis(99)) + " ms",
                saves.latencies().count() > 0 && saves.latencies().percentileMillis(99) < 20));
        MonitoringRead.Result m = o.monitoring();
        t.add(new Target(String.format("monitoring read of %,d sessions x %d answers < 5 ms (p50)",
                        m.sessions(), s.get("day-questions")),
                "p50 " + ms(m.reads().percentileMillis(50)) + " ms, p99 " + ms(m.reads().percentileMillis(99)) + " ms",
                m.reads().count() > 0 && m.reads().percentileMillis(50) < 5));
        t.add(new Target("unchanged poll (304) < 1 ms (p50)",
                "p50 " + ms(m.unchanged().percentileMillis(50)) + " ms, p99 "
                        + ms(m.unchanged().percentileMillis(99)) + " ms",
                m.unchanged().count() > 0 && m.unchanged().percentileMillis(50) < 1));
        ExamDay.Result day = o.day();
        t.add(new Target(String.format("push delay p99 < 50 ms (%,d workers saving, %d watchers)", day.workers(),
                        day.watchersConnected()),
                "p99 " + ms(day.pushDelay().percentileMillis(99)) + " ms",
                day.pushDelay().count() > 0 && day.pushDelay().percentileMillis(99) < 50));
        t.add(new Target("server heap < 512 MB", String.format("max %.0f MiB in use (-Xmx%dm)", o.maxHeapMiB(),
                s.get("server-heap-mib")), o.maxHeapMiB() > 0 && o.maxHeapMiB() < 512));
        t.add(new Target("no error in any scenario (push watchers included)", o.errors() == 0 ? "0 errors"
                : String.format("%,d errors (the first ones are listed at the end)", o.errors()), o.errors() == 0));
        DatabaseAudit.Result a = o.audit();
        t.add(new Target("zero lost or duplicated answers",
                String.format("%,d acknowledged saves checked: %d lost, %d duplicated", a.acknowledged(), a.lost(),
                        a.duplicates()), a.acknowledged() > 0 && a.lost() == 0 && a.duplicates() == 0));
        t.add(new Target("grades and progress consistent with the stored answers",
                String.format("%,d graded sessions: %d grade and %d submit mismatches; %,d sessions: %d progress "
                        + "mismatches", a.graded(), a.gradeMismatches(), a.submitMismatches(), a.sessions(),
                        a.progressMismatches()),
                a.graded() > 0 && a.gradeMismatches() == 0 && a.submitMismatches() == 0
                        && a.progressMismatches() == 0));
        return t;
    }

    static String markdown(LoadTest.Outcome o) {
        Settings s = o.settings();
        StringBuilder md = new StringBuilder();
        boolean postgresql = o.databaseKind() == RunDatabase.Kind.POSTGRESQL;
        md.append(postgresql ? "## Load test on PostgreSQL: an exam day over HTTP\n\n"
                : "## Load test: an exam day over HTTP\n\n");
        md.append("Measured by the load harness in `exam-loadtest` (see its README) on ").append(LocalDate.now())
                .append(", run `").append(s.name()).append("`. The server runs as its own JVM (`exam-engine serve`, ")
                .append(o.database()).append(postgresql ? "" : ", fresh for the run").append(", `-Xmx")
                .append(s.get("server-heap-mib"))
                .append("m`); the load generator runs in the harness's JVM on the same machine and talks to it over ")
                .append("loopback (HTTP/1.1 keep-alive connections and WebSockets), so the two share the CPU. ")
                .append("Figures are orientation for this machine, not guarantees.\n\n");
        md.append("### Reproduce\n\n```sh\n")
                .append("mvn -q -DskipTests package -pl exam-loadtest -am\n")
                .append("java -jar exam-loadtest/target/loadtest.jar standard --docs=docs/benchmarks.md")
                .append(postgresql ? " --database=postgresql" : "").append("\n```\n\n")
                .append("The harness starts the server with\n`java -Xmx").append(s.get("server-heap-mib"))
                .append("m -cp exam-loadtest/target/loadtest.jar ").append(LoadTest.ENGINE_MAIN)
                .append(postgresql ? " serve --port <free port> --db jdbc:postgresql://127.0.0.1:<port>/engine "
                        + "--db-user postgres --start-rate " : " serve --port <free port> --db <temporary directory> "
                        + "--start-rate ")
                .append(s.get("server-start-rate")).append(" --start-burst ").append(s.get("server-start-burst"))
                .append(" --push-coalescing-ms ").append(s.get("server-push-coalescing-ms")).append("` ")
                .append("after `token issue --role ADMIN` on the same database, and the baseline with\n`java -Xmx")
                .append(s.get("server-heap-mib")).append("m -cp exam-loadtest/target/loadtest.jar ")
                .append(BaselineServer.class.getName()).append(postgresql
                        ? " <port> jdbc:postgresql://127.0.0.1:<port>/baseline`, on a database of its own on the same "
                        + "PostgreSQL server.\n\n" : " <port> <temporary directory>`.\n\n");
        if (s.flag("jfr")) {
            md.append("The server ran with a flight recording (`-XX:StartFlightRecording`, `profile` settings), "
                    + "which costs it a few percent.\n\n");
        }
        md.append("### Machine\n\n").append(machine()).append("\n\n");
        md.append("### Targets\n\n| target | measured | met? |\n|---|---|---|\n");
        for (Target t : targets(o)) {
            md.append("| ").append(t.target()).append(" | ").append(t.measured()).append(" | ")
                    .append(t.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append('\n');

        StartRush.Result rush = o.rush();
        md.append("### 1. Start rush\n\n")
                .append(String.format("%,d workers press Start within %d ms (%d connections); the server's start "
                                + "bucket answers 429 with `Retry-After` past its capacity and the workers retry after it "
                                + "plus up to 1 s of jitter. All started %.1f s after the first press; %,d answers were "
                                + "429.%n%n", rush.workers(), s.get("start-spread-millis"), s.get("start-connections"),
                        rush.secondsToAllStarted(), rush.refused()));
        if (s.get("warmup-workers") > 0) {
            md.append(String.format("Before the rush the server was warmed up, as a server is that has been running "
                    + "before an exam: %,d workers of another assessment started, then saved for %d s while pressing "
                    + "Start again in rushes of their own (each press resumes the session; presses past the start "
                    + "bucket are refused) and %d HC watchers followed them by push, so that the save path, the "
                    + "start path, the refusals and the push path are compiled (not measured). A server started "
                    + "cold answers its first starts more slowly while its code is compiled: on two cores the JIT "
                    + "compiler takes a core's share for a minute or more under load (`--warmup-workers=0` measures "
                    + "that).%n%n", s.get("warmup-workers"), s.get("warmup-seconds"), LoadTest.WARMUP_PUSH_WATCHERS));
        }
        latencyTable(md, rush.operations());

        SaveThroughput.Result saves = o.engineSaves();
        SaveThroughput.Result base = o.baseline();
        md.append("### 2. Auto-save throughput\n\n")
                .append(String.format("%d connections, driven from one thread of the generator, save back to "
                                + "back on %,d started sessions (%d each), questions in turn, a random option, "
                                + "`clientSeq` growing. The baseline server runs beside the engine and takes the same "
                                + "requests. Each is first warmed up alone for %d s (JIT warm-up, not measured); then "
                                + "%d s of each are measured in %d windows of %.1f s that alternate between the two "
                                + "(engine, baseline, baseline, engine, engine, ...), so that the machine's speed, "
                                + "which drifts during a run, weighs on both alike.%n%n",
                        s.get("save-connections"), s.get("save-connections") * s.get("save-sessions-per-connection"),
                        s.get("save-sessions-per-connection"), s.get("save-warmup-seconds"),
                        s.get("save-measure-seconds"), s.get("save-windows"),
                        (double) s.get("save-measure-seconds") / s.get("save-windows")));
        md.append(String.format("Afterwards the %,d engine sessions are submitted (%,d answered, untimed) so that the "
                + "audit can regrade them.%n%n", s.get("save-connections") * s.get("save-sessions-per-connection"),
                saves.scores().size()));
        md.append("| server | saves/s (measured) | saves | p50 ms | p95 ms | p99 ms | max ms | errors "
                        + "| server CPU per save | server CPU |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (SaveThroughput.Result r : List.of(saves, base)) {
            Latencies l = r.latencies();
            md.append(String.format("| %s | %,.0f | %,d | %s | %s | %s | %s | %d | %s | %s |%n", r.target(),
                    r.savesPerSecond(), r.saves(), ms(l.percentileMillis(50)), ms(l.percentileMillis(95)),
                    ms(l.percentileMillis(99)), ms(l.maxMillis()), r.errors(),
                    Double.isNaN(r.cpuMicrosPerSave()) ? "n/a" : String.format("%.1f us", r.cpuMicrosPerSave()),
                    Double.isNaN(r.cpuCores()) ? "n/a" : String.format("%.2f cores", r.cpuCores())));
        }
        md.append("\nServer CPU: the server process's CPU time (user and system, all its threads) over its measured "
                + "windows, per save answered in them and per second of them; the load generator's is not counted. "
                + String.format("While the other server was measured, the idle engine took %s and the idle baseline "
                        + "%s.%n", cores(saves.idleCpuCores()), cores(base.idleCpuCores())));
        md.append("\nMeasured windows (saves/s), each server's in the order they ran; they alternate engine, "
                + "baseline, baseline, engine, engine, baseline...:\n\n| window | engine | baseline | share |\n"
                + "|---|---|---|---|\n");
        for (int i = 0; i < Math.max(saves.windows().size(), base.windows().size()); i++) {
            SaveThroughput.Window e = i < saves.windows().size() ? saves.windows().get(i) : null;
            SaveThroughput.Window b = i < base.windows().size() ? base.windows().get(i) : null;
            md.append(String.format("| %d | %s | %s | %s |%n", i + 1,
                    e == null ? "" : String.format("%,.0f", e.savesPerSecond()),
                    b == null ? "" : String.format("%,.0f", b.savesPerSecond()),
                    e == null || b == null || b.savesPerSecond() == 0 ? ""
                            : String.format("%.0f%%", 100 * e.savesPerSecond() / b.savesPerSecond())));
        }
        int step = SaveThroughput.curveStepSeconds(TimeUnit.SECONDS.toNanos(s.get("save-warmup-seconds")));
        md.append("\nCurve (saves/s over each interval of each server's own running time: its warm-up, every " + step
                + " s, then its measured windows from ").append(s.get("save-warmup-seconds"))
                .append(" s on):\n\n| seconds | engine | baseline |\n|---|---|---|\n");
        for (int i = 0; i < Math.max(saves.curve().size(), base.curve().size()); i++) {
            SaveThroughput.Point e = i < saves.curve().size() ? saves.curve().get(i) : null;
            SaveThroughput.Point b = i < base.curve().size() ? base.curve().get(i) : null;
            md.append(String.format("| %.0f | %s | %s |%n", e != null ? e.atSeconds() : b.atSeconds(),
                    e == null ? "" : String.format("%,.0f", e.savesPerSecond()),
                    b == null ? "" : String.format("%,.0f", b.savesPerSecond())));
        }
        md.append('\n');

        ExamDay.Result day = o.day();
        md.append("### 3. Exam day\n\n")
                .append(String.format("%,d workers start, answer %d questions each with a think time of %d ms on "
                                + "average (half to one and a half of it), send a heartbeat every %d s and check their "
                                + "status every %d s, then submit (one stays open for scenario 4); %d connections. "
                                + "%d HC watchers follow the group by push, %d poll it every %d ms with `If-None-Match`. "
                                + "%,d saves in %.1f s (%,.0f/s); %,d of %,d workers completed.%n%n", day.workers(),
                        s.get("day-questions"), s.get("day-think-millis"), s.get("day-heartbeat-seconds"),
                        s.get("day-status-seconds"), s.get("day-connections"), day.watchersConnected(),
                        s.get("day-poll-watchers"), s.get("day-poll-millis"), day.saves(), day.seconds(),
                        day.saves() / Math.max(0.001, day.seconds()), day.completed(), day.workers()));
        latencyTable(md, day.operations());
        Latencies push = day.pushDelay();
        md.append(String.format("%nPush delay (save acknowledged to the worker -> watcher message showing it), "
                        + "%,d measurements over %,d messages: p50 %s ms, p95 %s ms, p99 %s ms, max %s ms; %,d "
                        + "arrived before the acknowledgement (counted as 0).%n%n", push.count(), day.pushMessages(),
                ms(push.percentileMillis(50)), ms(push.percentileMillis(95)), ms(push.percentileMillis(99)),
                ms(push.maxMillis()), day.pushBeforeAck()));

        MonitoringRead.Result m = o.monitoring();
        md.append("### 4. Monitoring read\n\n")
                .append(String.format("`GET /api/assessments/{id}/monitoring` of the exam-day group (%,d sessions, "
                                + "%,d answers, %,d bytes of JSON), one HC client; an untimed save before every read so "
                                + "that no read is served from a cache. Then the unchanged poll with `If-None-Match` "
                                + "(%,d answered 200 instead of 304).%n%n", m.sessions(), m.answers(), m.bodyBytes(),
                        m.pollsChanged()));
        latencyTable(md, m.operations());

        md.append("### Server resources\n\nSampled from the server's `/metrics` every second; CPU as a share of "
                        + "the whole machine (100% = all cores).\n\n")
                .append("| scenario | samples | max heap MiB | server CPU mean | server CPU max | machine CPU mean | "
                        + "generator CPU mean | max threads | GC pause s |\n|---|---|---|---|---|---|---|---|---|\n");
        resources(md, "1. start rush", o.rushWindow());
        resources(md, "2. save throughput (measured)", o.savesWindow());
        resources(md, "3. exam day", o.dayWindow());
        resources(md, "4. monitoring read", o.monitoringWindow());
        md.append('\n');

        DatabaseAudit.Result a = o.audit();
        md.append("### Audit of the database\n\n")
                .append(String.format("After the server stopped, on its " + (postgresql ? "PostgreSQL database"
                                : "H2 file") + " with SQL of the harness's own: "
                                + "%,d acknowledged saves checked (stored `clientSeq` at least the acknowledged one): "
                                + "%d lost; %d duplicated (session, question) pairs; %,d sessions, %d whose answered "
                                + "count differs from their stored answers; %,d Completed sessions regraded from their "
                                + "stored answers: %d mismatches, %d differing from the score answered on submit. "
                                + "Audit %s.%n%n", a.acknowledged(), a.lost(), a.duplicates(), a.sessions(),
                        a.progressMismatches(), a.graded(), a.gradeMismatches(), a.submitMismatches(),
                        a.passed() ? "passed" : "**failed**"));
        for (String example : a.examples()) {
            md.append("- ").append(example).append('\n');
        }
        List<String> errors = new ArrayList<>();
        errors.addAll(rush.operations().firstErrors());
        errors.addAll(saves.firstErrors());
        errors.addAll(day.operations().firstErrors());
        errors.addAll(m.operations().firstErrors());
        errors.addAll(base.firstErrors());
        if (!errors.isEmpty()) {
            md.append("\nFirst errors:\n\n");
            errors.stream().limit(10).forEach(e -> md.append("- `").append(e.replace('`', '\'')
                    .replace('\n', ' ')).append("`\n"));
            md.append('\n');
        }
        md.append(String.format("Setup through the API (package, two assessments, %,d worker tokens) took %.1f s "
                + "before scenario 1 and is not part of any figure.%n", s.get("start-workers") + s.get("day-workers"),
                o.setupSeconds()));
        return md.toString();
    }

    private static void latencyTable(StringBuilder md, Operations ops) {
        md.append("| operation | count | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Latencies> e : ops.all().entrySet()) {
            Latencies l = e.getValue();
            md.append(String.format("| %s | %,d | %s | %s | %s | %s | %d |%n", e.getKey(), l.count(),
                    ms(l.percentileMillis(50)), ms(l.percentileMillis(95)), ms(l.percentileMillis(99)),
                    ms(l.maxMillis()), ops.errors(e.getKey())));
        }
        md.append('\n');
    }

    private static void resources(StringBuilder md, String name, ServerMetrics.Window w) {
        md.append(String.format("| %s | %d | %.0f | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f | %.2f |%n", name,
                w.samples(), w.maxHeapMiB(), 100 * w.meanServerCpu(), 100 * w.maxServerCpu(),
                100 * w.meanSystemCpu(), 100 * w.meanGeneratorCpu(), w.maxThreads(), w.gcPauseSeconds()));
    }

    static String ms(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.2f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }

    /** Cores, CPU model, memory, operating system and Java of this machine. */
    static String machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        String memory = "";
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = String.format(", %.0f GiB RAM", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        String model = "";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")").orElse("");
        } catch (IOException | RuntimeException e) {
            model = "";
        }
        return String.format("%d cores%s%s, %s %s, %s %s (%s).", cores, model, memory, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"));
    }

    private static String databaseName(LoadTest.Outcome o) {
        return o.databaseKind() == RunDatabase.Kind.POSTGRESQL ? "PostgreSQL" : "H2";
    }

    /**
     * Writes {@code section} between the markers of a run on H2 in {@code file}, adding the markers at the end when
     * missing; everything outside them stays as it was.
     */
    static void writeSection(Path file, String section) throws IOException {
        writeSection(file, section, RunDatabase.Kind.H2);
    }

    /** As {@link #writeSection(Path, String)}, between the markers of a run on {@code database}. */
    static void writeSection(Path file, String section, RunDatabase.Kind database) throws IOException {
        String beginMarker = database == RunDatabase.Kind.POSTGRESQL ? POSTGRESQL_BEGIN : BEGIN;
        String endMarker = database == RunDatabase.Kind.POSTGRESQL ? POSTGRESQL_END : END;
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String block = beginMarker + "\n" + section.strip() + "\n" + endMarker;
        int begin = text.indexOf(beginMarker);
        int end = text.indexOf(endMarker);
        String updated;
        if (begin >= 0 && end > begin) {
            updated = text.substring(0, begin) + block + text.substring(end + endMarker.length());
        } else {
            updated = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n")
                    + block + "\n";
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "n/a" : String.format("%.2f cores", cores);
    }
}
