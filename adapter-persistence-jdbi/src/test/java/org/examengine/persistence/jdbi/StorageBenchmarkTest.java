package org.examengine.persistence.jdbi;

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
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Figures for docs/benchmarks.md, not a test: excluded from the normal build, run with
 * {@code mvn -pl adapter-persistence-jdbi -Pbench test}. Per database (H2 file; PostgreSQL with fsync and
 * synchronous_commit on): SaveAnswer throughput through the engine with 1, 2 and 16 threads, and the latency of the
 * HC monitoring read of a group of 1,000 sessions with 50 answered questions each. Every figure follows a
 * warm-up; between two monitoring reads one answer is saved (untimed), so that no database can answer a read
 * from a result cache, as it could not in production either.
 */
@Tag("bench")
class StorageBenchmarkTest {

    private static final Actor ADMIN = Actor.admin("admin");
    private static final Instant OPENS = Instant.parse("2030-05-04T08:00:00Z");
    private static final int GROUP = 1_000;
    private static final int QUESTIONS = 50;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final int READS_WARM_UP = 100;
    private static final int READS = 300;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void saveThroughputAndMonitoringLatency(Backend backend) throws Exception {
        Path dir = Files.createTempDirectory("exam-bench");
        try (JdbiExamStorage storage = backend.migrated(dir)) {
            ManualClock clock = new ManualClock(OPENS.plusSeconds(60));
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).build();
            long setupStart = System.nanoTime();
            List<ScheduledAssessment.ScheduledSession> group = prepareGroup(engine, storage);
            report(backend, "setup (1,000 sessions started, 50,000 answers stored)", "%.1f s",
                    (System.nanoTime() - setupStart) / 1e9);
            AtomicLong[] sequences = new AtomicLong[GROUP];
            for (int i = 0; i < GROUP; i++) {
                sequences[i] = new AtomicLong(1_000);
            }

            for (int threads : new int[] {1, 2, 16}) {
                saves(engine, group, sequences, threads, WARM_UP);
                double perSecond = saves(engine, group, sequences, threads, MEASURE) / (MEASURE.toMillis() / 1000.0);
                report(backend, "SaveAnswer, " + threads + " thread" + (threads > 1 ? "s" : ""), "%.0f saves/s",
                        perSecond);
            }

            AssessmentId id = AssessmentId.of("bench");
            MonitoringQuery query = new MonitoringQuery(Actor.hc("hc"), AssessmentRef.byId(id));
            double[] millis = new double[READS];
            for (int i = 0; i < READS_WARM_UP + READS; i++) {
                saveOne(engine, group, sequences, i);
                long start = System.nanoTime();
                MonitoringSnapshot snapshot = engine.monitoring().getMonitoringProgress(query);
                long took = System.nanoTime() - start;
                if (snapshot.sessions().size() != GROUP) {
                    throw new IllegalStateException("monitoring returned " + snapshot.sessions().size() + " rows");
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

    /** Schedules and starts 1,000 sessions and stores 50 answers in each, directly through the ports. */
    private static List<ScheduledAssessment.ScheduledSession> prepareGroup(ExamEngine engine, JdbiExamStorage storage) {
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "bench-pkg", QUESTIONS));
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                "bench", "Benchmark", OPENS, 600, 50, ExamPolicy.defaults(), List.of(PackageId.of("bench-pkg")),
                GROUP));
        List<ScheduledAssessment.ScheduledSession> group = scheduled.sessions();
        Instant now = OPENS.plusSeconds(60);
        for (ScheduledAssessment.ScheduledSession s : group) {
            engine.startExam().startExam(new SessionCommand(Actor.worker(s.participantId().value()), s.sessionId()));
            storage.transactions().inTransaction(() -> {
                for (int q = 1; q <= QUESTIONS; q++) {
                    storage.responses().upsert(new Response(s.sessionId(), SampleExam.question(q),
                            SampleExam.correctOption(q), q, now));
                }
                ExamSession session = storage.sessions().findByIdForUpdate(s.sessionId()).orElseThrow();
                return storage.sessions().update(new ExamSession(session.id(), session.assessmentId(),
                        session.participantId(), session.attempt(), session.status(), session.packageId(),
                        session.shuffleSeed(), session.totalQuestions(), session.startedAt(), null, null, null, 4,
                        60, session.lastSeenAt(), 0, 0, null, 0, null, QUESTIONS, session.version()));
            });
        }
        return group;
    }

    /** Saves as fast as {@code threads} workers can for {@code duration}; each thread has its own sessions. */
    private static long saves(ExamEngine engine, List<ScheduledAssessment.ScheduledSession> group,
                              AtomicLong[] sequences, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            counts.add(pool.submit(() -> {
                start.await();
                long end = System.nanoTime() + duration.toNanos();
                long n = 0;
                for (int i = thread; System.nanoTime() < end; i += threads) {
                    saveOne(engine, group, sequences, i);
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }

    /** Save number {@code i}: session {@code i mod 1000}, a varying question and option. */
    private static void saveOne(ExamEngine engine, List<ScheduledAssessment.ScheduledSession> group,
                                AtomicLong[] sequences, int i) {
        int index = Math.floorMod(i, GROUP);
        ScheduledAssessment.ScheduledSession s = group.get(index);
        int q = 1 + Math.floorMod(i / GROUP * 7 + index, QUESTIONS);
        OptionId option = i % 2 == 0 ? SampleExam.correctOption(q) : SampleExam.wrongOption(q);
        SessionId sid = s.sessionId();
        engine.saveAnswer().saveAnswer(new SaveAnswerCommand(Actor.worker(s.participantId().value()), sid,
                SampleExam.question(q), option, (q - 1) / 10, sequences[index].incrementAndGet()));
    }

    private static void report(Backend backend, String what, String format, Object... values) {
        String line = String.format(Locale.ROOT, "BENCH | %-10s | %-55s | %s", backend, what,
                String.format(Locale.ROOT, format, values));
        System.out.println(line);
        try {
            Path out = Path.of("target", "benchmarks.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
