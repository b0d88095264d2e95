package org.examengine.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the server: JSON API, live push and pages, on the embedded H2 database by default or on "
                + "PostgreSQL (several nodes may share one; changes reach the watchers of every node).",
                "Stop with Ctrl-C."})
final class ServeCli implements Runnable {

    /** How long a signal waits at most for the server to stop and its storage to close: 30 s. */
    private static final long CLOSE_GRACE_SECONDS = 30;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on, default ${DEFAULT-VALUE}.")
    private String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port, default ${DEFAULT-VALUE} (0 picks a free one).")
    private int port;

    @Option(names = "--demo", description = "Seed a demo assessment with virtual workers answering live, and print "
            + "the tokens and addresses to watch it.")
    private boolean demo;

    @Option(names = "--demo-workers", defaultValue = "12", description = "Workers in the demo (2-500), default ${DEFAULT-VALUE}.")
    private int demoWorkers;

    @Option(names = "--demo-seconds", defaultValue = "90",
            description = "About how long the demo workers take (10-3600), default ${DEFAULT-VALUE}.")
    private int demoSeconds;

    @Option(names = "--start-rate", paramLabel = "PER_SECOND", defaultValue = "250",
            description = "Exam starts admitted per second once the burst is used (1-100000); more are answered 429 "
                    + "with Retry-After. Default ${DEFAULT-VALUE}.")
    private int startRate;

    @Option(names = "--start-burst", paramLabel = "STARTS", defaultValue = "50",
            description = "Exam starts admitted at once (1-100000), default ${DEFAULT-VALUE}.")
    private int startBurst;

    @Option(names = "--push-coalescing-ms", paramLabel = "MILLIS", defaultValue = "25",
            description = "Least time between two monitoring pushes of one assessment (0-1000); changes within it "
                    + "go out together. Default ${DEFAULT-VALUE}.")
    private int pushCoalescingMillis;

    @Option(names = "--secure-cookies", description = "Mark the browser login's cookies Secure and host-only "
            + "(__Host- names), so that browsers send them over HTTPS only, and tell browsers to come back over HTTPS "
            + "(Strict-Transport-Security): set it when the pages are reached over HTTPS (behind a TLS proxy).")
    private boolean secureCookies;

    @Option(names = "--public-origin", paramLabel = "URL", description = "An origin at which browsers reach the pages, "
            + "e.g. https://exam.example.com, when a proxy in front passes on neither the browser's Host nor "
            + "X-Forwarded-Host or Forwarded: the pages' live sockets are accepted from it. Repeatable.")
    private List<String> publicOrigins = List.of();

    @Option(names = "--max-sockets-per-token", paramLabel = "SOCKETS", defaultValue = "256",
            description = "Live sockets one token may hold open at once (1-100000); more are refused with 429. "
                    + "Default ${DEFAULT-VALUE}.")
    private int maxSocketsPerToken;

    @Mixin
    private StorageOptions storage;

    @Spec
    private CommandSpec spec;

    /** Refuses a --public-origin the server would refuse, before the database is opened. */
    private static void checkOrigin(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || !(uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw ExamException.invalid("--public-origin must be scheme://host[:port] with http or https and no path, not '"
                    + origin + "'");
        }
    }

    @Override
    public void run() {
        if (demo && (demoWorkers < 2 || demoWorkers > 500 || demoSeconds < 10 || demoSeconds > 3_600)) {
            throw new ParameterException(spec.commandLine(),
                    "--demo-workers must be 2-500 and --demo-seconds 10-3600");
        }
        if (!demo && (spec.commandLine().getParseResult().hasMatchedOption("--demo-workers")
                || spec.commandLine().getParseResult().hasMatchedOption("--demo-seconds"))) {
            throw new ParameterException(spec.commandLine(), "--demo-workers and --demo-seconds apply with --demo");
        }
        if (startRate < 1 || startRate > 100_000 || startBurst < 1 || startBurst > 100_000) {
            throw ExamException.invalid("--start-rate and --start-burst must be 1-100000");
        }
        if (pushCoalescingMillis < 0 || pushCoalescingMillis > 1_000) {
            throw ExamException.invalid("--push-coalescing-ms must be 0-1000");
        }
        if (maxSocketsPerToken < 1 || maxSocketsPerToken > 100_000) {
            throw ExamException.invalid("--max-sockets-per-token must be 1-100000");
        }
        publicOrigins.forEach(ServeCli::checkOrigin);
        PrintWriter out = spec.commandLine().getOut();
        // Said out loud: a mistyped --db, or a service started in another directory, serves an empty exam day.
        boolean created = storage.isNewDirectory();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (ServerAssembly node = ServerAssembly.start(storage, host, port, server -> server
                .startAdmission(startRate, startBurst).pushCoalescing(Duration.ofMillis(pushCoalescingMillis))
                .secureCookies(secureCookies).publicOrigins(publicOrigins)
                .maxSocketsPerCredential(maxSocketsPerToken))) {
            // On a signal, the server stops and its storage closes (writing the database file) before the JVM ends.
            Thread hook = new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "exam-engine-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("exam engine listening on %s (database %s)%n", node.baseUrl(), storage.db);
            if (created) {
                out.printf("created a NEW, empty exam database in %s: if one was expected there, check --db%n",
                        Path.of(storage.db).toAbsolutePath());
            }
            VirtualWorkers crowd = demo ? seedDemo(node, out) : null;
            out.flush();
            stopped.await();
            if (crowd != null) {
                crowd.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed.countDown();
        }
    }

    private VirtualWorkers seedDemo(ServerAssembly node, PrintWriter out) {
        ExamEngine engine = node.engine;
        Actor admin = Cli.OPERATOR;
        String stamp = LocalTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HHmmss"));
        int questions = 20;
        engine.importPackage().importPackage(SampleExam.packageCommand(admin, "demo-" + stamp, questions));
        ScheduledAssessment exam = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(admin,
                "demo-" + stamp, "Demo competency exam " + stamp, Instant.now().minusSeconds(5),
                Math.max(5, demoSeconds * 2 / 60), 70, ExamPolicy.defaults(), List.of(PackageId.of("demo-" + stamp)),
                demoWorkers));
        String hc = engine.issueToken().issueToken(new IssueTokenCommand(admin, Actor.hc("demo-hc"),
                Duration.ofDays(1))).token();
        String adminToken = engine.issueToken().issueToken(new IssueTokenCommand(admin, Actor.admin("demo-admin"),
                Duration.ofDays(1))).token();
        ScheduledAssessment.ScheduledSession yours = exam.sessions().get(exam.sessions().size() - 1);
        String worker = engine.issueToken().issueToken(new IssueTokenCommand(admin,
                Actor.worker(yours.participantId().value()), Duration.ofDays(1))).token();
        String base = node.baseUrl();
        out.printf("%ndemo assessment %s: %d virtual workers answering over the next ~%d s%n", exam.assessmentId(),
                demoWorkers - 1, demoSeconds);
        out.printf("  watch as HC:   %s/login?next=/assessments/%s/monitor  (log in with the HC token)%n", base,
                exam.assessmentId());
        out.printf("  take the exam: %s/login?next=/exam/%s  (log in with the worker token)%n", base,
                yours.sessionId());
        out.printf("  HC token:      %s%n", hc);
        out.printf("  worker token:  %s%n", worker);
        out.printf("  admin token:   %s%n", adminToken);
        out.printf("  monitoring:    curl -H 'Authorization: Bearer %s' %s/api/assessments/%s/monitoring%n", hc, base,
                exam.assessmentId());
        // The token in the environment, not on the command line, where the process list shows it to everyone.
        out.printf("  live table:    EXAM_TOKEN=%s java -jar adapter-cli/target/exam-engine.jar monitor %s --server %s%n",
                hc, exam.assessmentId(), base);
        out.printf("  more workers:  EXAM_TOKEN=%s java -jar adapter-cli/target/exam-engine.jar simulate --workers 200 "
                + "--server %s%n", adminToken, base);
        return VirtualWorkers.start(engine, exam, questions, demoSeconds, 2026);
    }
}
