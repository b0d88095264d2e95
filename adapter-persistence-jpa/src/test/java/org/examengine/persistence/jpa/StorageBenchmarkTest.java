package org.examengine.persistence.jpa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment.ScheduledSession;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Figures for docs/benchmarks.md, not a test: excluded from the normal build, run with
 * {@code mvn -pl adapter-persistence-jpa -Pbench test}. The workload of the JDBI adapter's benchmark, so that the
 * figures stand side by side: per database (H2 file; PostgreSQL with fsync and synchronous_commit on), SaveAnswer
 * throughput through the engine with 1 and 2 threads, then the latency of the HC monitoring read of 1,000
 * sessions with 50 answers each. Every figure follows a warm-up, and one untimed save precedes every monitoring
 * read, so that no database answers the read from a result cache.
 */
@Tag("bench")
class StorageBenchmarkTest {

    private static final Actor ADMIN = Actor.admin("admin");
    private static final Instant OPENS = Instant.parse("2030-05-04T08:00:00Z");
    private static final AssessmentId ASSESSMENT = AssessmentId.of("bench");
    private static final int GROUP = 1_000;
    private static final int QUESTIONS = 50;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final int READS_WARM_UP = 100;
    private static final int READS = 300;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void saveThroughputAndMonitoringLatency(Backend backend) throws Exception {
        Path dir = Files.createTempDirectory("exam-jpa-bench");
        try (JpaExamStorage storage = backend.storage(dir)) {
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(new ManualClock(OPENS.plusSeconds(60)))
                    .build();
            long setupStart = System.nanoTime();
            List<ScheduledSession> group = prepareGroup(engine, storage);
            report(backend, "setup (1,000 sessions started, 50,000 answers stored)", "%.1f s",
                    (System.nanoTime() - setupStart) / 1e9);
            AtomicLong[] sequences = new AtomicLong[GROUP];
            Arrays.setAll(sequences, i -> new AtomicLong(1_000));

            for (int threads = 1; threads <= 2; threads++) {
                saveFor(engine, group, sequences, threads, WARM_UP);
                long saves = saveFor(engine, group, sequences, threads, MEASURE);
                report(backend, "SaveAnswer, " + threads + (threads == 1 ? " thread" : " threads"), "%.0f saves/s",
                        saves / (double) MEASURE.toSeconds());
            }

            MonitoringQuery query = new MonitoringQuery(Actor.hc("hc"), AssessmentRef.byId(ASSESSMENT));
            double[] millis = new double[READS];
            for (int i = 0; i < READS_WARM_UP + READS; i++) {
                save(engine, group, sequences, i);
                long start = System.nanoTime();
                MonitoringSnapshot snapshot = engine.monitoring().getMonitoringProgress(query);
                long took = System.nanoTime() - start;
                if (snapshot.sessions().size() != GROUP) {
                    throw new IllegalStateException("the monitoring read returned " + snapshot.sessions().size()
                            + " sessions");
                }
                if (i >= READS_WARM_UP) {
                    millis[i - READS_WARM_UP] = took / 1e6;
                }
            }
            Arrays.sort(millis);
            report(backend, "monitoring read, 1,000 sessions x 50 answers", "p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                    millis[READS / 2], millis[READS * 95 / 100], millis[READS - 1]);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** One assessment of 1,000 started sessions, each with 50 stored answers written through the ports. */
    private static List<ScheduledSession> prepareGroup(ExamEngine engine, JpaExamStorage storage) {
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "bench-pkg", QUESTIONS));
        List<ScheduledSession> group = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                ASSESSMENT.value(), "Benchmark", OPENS, 600, 50, ExamPolicy.defaults(),
                List.of(PackageId.of("bench-pkg")), GROUP)).sessions();
        Instant now = OPENS.plusSeconds(60);
        for (ScheduledSession s : group) {
            engine.startExam().startExam(new SessionCommand(Actor.worker(s.participantId().value()), s.sessionId()));
            storage.transactions().inTransaction(() -> {
                for (int q = 1; q <= QUESTIONS; q++) {
                    storage.responses().upsert(new Response(s.sessionId(), SampleExam.question(q),
                            SampleExam.correctOption(q), q, now));
                }
                ExamSession started = storage.sessions().findByIdForUpdate(s.sessionId()).orElseThrow();
                return storage.sessions().update(new ExamSession(started.id(), started.assessmentId(),
                        started.participantId(), started.attempt(), started.status(), started.packageId(),
                        started.shuffleSeed(), started.totalQuestions(), started.startedAt(), null, null, null, 4, 60,
                        started.lastSeenAt(), 0, 0, null, 0, null, QUESTIONS, started.version()));
            });
        }
        return group;
    }

    /** Saves for {@code duration} from {@code threads} threads, each on its own sessions; returns the count. */
    private static long saveFor(ExamEngine engine, List<ScheduledSession> group, AtomicLong[] sequences,
                                int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            counts.add(pool.submit(() -> {
                start.await();
                long end = System.nanoTime() + duration.toNanos();
                long n = 0;
                for (int i = first; System.nanoTime() < end; i += threads) {
                    save(engine, group, sequences, i);
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        pool.shutdown();
        return total;
    }

    /** Save number {@code i}: session {@code i mod 1,000}, question and option varying, sequence increasing. */
    private static void save(ExamEngine engine, List<ScheduledSession> group, AtomicLong[] sequences, int i) {
        int index = Math.floorMod(i, GROUP);
        ScheduledSession s = group.get(index);
        int q = 1 + Math.floorMod(i / GROUP * 7 + index, QUESTIONS);
        OptionId option = i % 2 == 0 ? SampleExam.correctOption(q) : SampleExam.wrongOption(q);
        engine.saveAnswer().saveAnswer(new SaveAnswerCommand(Actor.worker(s.participantId().value()), s.sessionId(),
                SampleExam.question(q), option, (q - 1) / 10, sequences[index].incrementAndGet()));
    }

    private static void report(Backend backend, String what, String format, Object... values) {
        String line = String.format(Locale.ROOT, "BENCH | JPA %-10s | %-55s | %s", backend, what,
                String.format(Locale.ROOT, format, values));
        System.out.println(line);
        try {
            Path out = Path.of("target", "benchmarks.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to target/benchmarks.txt", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
