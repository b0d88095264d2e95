package org.examengine.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.ResultsExport;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Drive virtual workers through a whole exam against a running server, for demos and load: "
                + "with an ADMIN token it imports a package, schedules an assessment for the workers, issues their "
                + "tokens, then each worker starts, answers every question with a think time, sends heartbeats and "
                + "submits. A progress bar runs on stderr; a summary is printed at the end.",
                "Exit code 0 when every worker completed without an error, 5 otherwise."})
final class SimulateCli implements Runnable {

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The server, e.g. http://127.0.0.1:8080.")
    private String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:EXAM_TOKEN}",
            description = "An ADMIN token; default $EXAM_TOKEN, which, unlike this option, other users of the "
                    + "machine cannot read in the process list.")
    private String token;

    @Option(names = "--assessment", paramLabel = "ID",
            description = "Take this existing assessment with its own participants (every session not yet closed) "
                    + "instead of scheduling a new one; --workers and --questions are then ignored.")
    private String assessment;

    @Option(names = "--workers", defaultValue = "200", description = "Virtual workers (1-5000), default ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--questions", defaultValue = "20", description = "Questions each (1-200), default ${DEFAULT-VALUE}.")
    private int questions;

    @Option(names = "--seconds", defaultValue = "30",
            description = "About how long each worker takes (1-3600), default ${DEFAULT-VALUE}.")
    private int seconds;

    @Option(names = "--threads", defaultValue = "32", description = "Client threads (1-256), default ${DEFAULT-VALUE}.")
    private int threads;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the workers' choices, default ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--json", description = "Print the summary as JSON.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    /** What a simulation reports. */
    record Summary(String assessmentId, int workers, int completed, int answersSaved, int errors, double seconds,
                   long saveP50Millis, long saveP99Millis, long saveMaxMillis, List<String> firstErrors) {
    }

    @Override
    public void run() {
        if (workers < 1 || workers > 5_000 || questions < 1 || questions > 200 || seconds < 1 || seconds > 3_600
                || threads < 1 || threads > 256) {
            throw new ParameterException(spec.commandLine(),
                    "--workers 1-5000, --questions 1-200, --seconds 1-3600 and --threads 1-256");
        }
        if (token == null || token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--token (an ADMIN token) is required");
        }
        ApiClient admin = new ApiClient(server, token);
        RemoteBackend backend = new RemoteBackend(admin);
        ScheduledAssessment exam = assessment != null ? existing(backend) : scheduleNew(backend);
        List<String> tokens = new ArrayList<>();
        for (ScheduledAssessment.ScheduledSession s : exam.sessions()) {
            tokens.add(backend.issueToken(new IssueTokenCommand(Cli.OPERATOR, Actor.worker(s.participantId().value()),
                    Duration.ofHours(2))).token());
        }
        Summary summary = drive(exam, tokens);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, summary);
        } else {
            out.printf("%d of %d workers completed assessment %s in %.1f s: %d answers saved, %d errors; "
                            + "save latency p50 %d ms, p99 %d ms, max %d ms%n", summary.completed(), summary.workers(),
                    summary.assessmentId(), summary.seconds(), summary.answersSaved(), summary.errors(),
                    summary.saveP50Millis(), summary.saveP99Millis(), summary.saveMaxMillis());
            summary.firstErrors().forEach(e -> out.println("  error: " + e));
        }
        if (summary.completed() != summary.workers() || summary.errors() > 0) {
            throw new SimulationFailed(summary.workers() - summary.completed() + " workers did not complete, "
                    + summary.errors() + " errors");
        }
    }

    /** The open sessions of an existing assessment with their participants, from the results export. */
    private ScheduledAssessment existing(RemoteBackend backend) {
        ResultsExport export = backend.results(AssessmentRef.byId(AssessmentId.of(assessment)));
        List<ScheduledAssessment.ScheduledSession> open = export.rows().stream()
                .filter(r -> !r.status().isClosed())
                .map(r -> new ScheduledAssessment.ScheduledSession(r.participantId(), r.sessionId()))
                .toList();
        if (open.isEmpty()) {
            throw ExamException.invalid("assessment " + assessment + " has no open session to take");
        }
        return new ScheduledAssessment(export.assessment().id(), open);
    }

    /** A new package and assessment for {@code --workers} participants. */
    private ScheduledAssessment scheduleNew(RemoteBackend backend) {
        String stamp = LocalTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HHmmssSSS"));
        Actor operator = Cli.OPERATOR;
        backend.importPackage(SampleExam.packageCommand(operator, "sim-" + stamp, questions));
        return backend.schedule(SampleExam.schedule(operator, "sim-" + stamp, "Simulation " + stamp,
                Instant.now().minusSeconds(5), Math.max(10, seconds * 3 / 60 + 5), 60,
                ExamPolicy.defaults().withQuestionsPerPage(Math.min(questions, 10)),
                List.of(PackageId.of("sim-" + stamp)), workers));
    }

    private Summary drive(ScheduledAssessment exam, List<String> tokens) {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "simulated-worker");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch finished = new CountDownLatch(tokens.size());
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger saved = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        for (int i = 0; i < tokens.size(); i++) {
            Worker w = new Worker(new ApiClient(server, tokens.get(i)), exam.sessions().get(i).sessionId().value(),
                    new SplittableRandom(seed + i), pool, finished, completed, saved, latencies, errors);
            pool.schedule(w::start, w.random.nextInt(1_000), TimeUnit.MILLISECONDS);
        }
        Progress progress = new Progress(spec.commandLine().getErr(), tokens.size());
        try {
            while (!finished.await(250, TimeUnit.MILLISECONDS)) {
                progress.show(completed.get(), (int) (tokens.size() - finished.getCount()), saved.get(), errors.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        progress.show(completed.get(), tokens.size(), saved.get(), errors.size());
        progress.end();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Summary(exam.assessmentId().value(), tokens.size(), completed.get(), saved.get(), errors.size(),
                (System.nanoTime() - started) / 1e9, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], errors.stream().limit(5).toList());
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** One virtual worker: a chain of steps on the shared scheduler, one question at a time. */
    private final class Worker {
        private final ApiClient api;
        private final String session;
        private final SplittableRandom random;
        private final ScheduledExecutorService pool;
        private final CountDownLatch finished;
        private final AtomicInteger completed;
        private final AtomicInteger saved;
        private final ConcurrentLinkedQueue<Long> latencies;
        private final ConcurrentLinkedQueue<String> errors;
        private ExamSheet sheet;
        private long seq;
        private int next;
        private long lastHeartbeat = System.nanoTime();

        Worker(ApiClient api, String session, SplittableRandom random, ScheduledExecutorService pool,
               CountDownLatch finished, AtomicInteger completed, AtomicInteger saved,
               ConcurrentLinkedQueue<Long> latencies, ConcurrentLinkedQueue<String> errors) {
            this.api = api;
            this.session = session;
            this.random = random;
            this.pool = pool;
            this.finished = finished;
            this.completed = completed;
            this.saved = saved;
            this.latencies = latencies;
            this.errors = errors;
        }

        void start() {
            try {
                sheet = api.post(path("start"), Map.of(), ExamSheet.class);
                later(this::answer);
            } catch (ApiClient.RemoteFailure e) {
                if (e.status() != 429) {
                    fail("start", e);
                    return;
                }
                // Past the server's start capacity: try again shortly with jitter, as a page would.
                pool.schedule(this::start, 500 + random.nextInt(1_000), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                fail("start", e);
            }
        }

        void answer() {
            try {
                if (next >= sheet.questions().size()) {
                    api.post(path("submit"), Map.of(), Void.class);
                    completed.incrementAndGet();
                    finished.countDown();
                    return;
                }
                if (System.nanoTime() - lastHeartbeat > TimeUnit.SECONDS.toNanos(30)) {
                    api.post(path("heartbeat"), Map.of(), Void.class);
                    lastHeartbeat = System.nanoTime();
                }
                ExamSheet.PaperQuestion q = sheet.questions().get(next);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("questionId", q.id().value());
                body.put("optionId", q.options().get(random.nextInt(q.options().size())).id().value());
                body.put("pageIndex", next / sheet.questionsPerPage());
                body.put("clientSeq", ++seq);
                long t0 = System.nanoTime();
                api.post(path("answers"), body, Void.class);
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                saved.incrementAndGet();
                next++;
                later(this::answer);
            } catch (ExamException e) {
                if (e.code() == ErrorCode.SESSION_PAUSED) {
                    pool.schedule(this::answer, 1, TimeUnit.SECONDS);
                } else {
                    fail("answer", e);
                }
            } catch (RuntimeException e) {
                fail("answer", e);
            }
        }

        private void later(Runnable step) {
            long think = seconds * 1_000L / Math.max(1, sheet.questions().size());
            pool.schedule(step, think / 2 + random.nextLong(think + 1), TimeUnit.MILLISECONDS);
        }

        private String path(String action) {
            return "/api/sessions/" + ApiClient.segment(session) + "/" + action;
        }

        private void fail(String step, RuntimeException e) {
            errors.add(session + " " + step + ": " + ExitCodes.message(e));
            finished.countDown();
        }
    }

    /** A one-line progress bar on a terminal, or a line every few seconds otherwise. */
    private static final class Progress {
        private final PrintWriter err;
        private final int total;
        private final boolean terminal = System.console() != null;
        private long lastLine;

        Progress(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        void show(int completed, int done, int answers, int errors) {
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            char[] bar = new char[width];
            Arrays.fill(bar, 0, filled, '#');
            Arrays.fill(bar, filled, width, '.');
            String line = String.format("[%s] %d/%d workers done, %d completed, %d answers, %d errors",
                    new String(bar), done, total, completed, answers, errors);
            if (terminal) {
                err.print("\r" + line);
                err.flush();
            } else if (System.nanoTime() - lastLine > TimeUnit.SECONDS.toNanos(2) || done == total) {
                err.println(line);
                err.flush();
                lastLine = System.nanoTime();
            }
        }

        void end() {
            if (terminal) {
                err.println();
                err.flush();
            }
        }
    }

    /** The simulation ran but not every worker completed cleanly: exit code 5, as for any other failure. */
    static final class SimulationFailed extends RuntimeException {
        SimulationFailed(String message) {
            super(message);
        }
    }
}
