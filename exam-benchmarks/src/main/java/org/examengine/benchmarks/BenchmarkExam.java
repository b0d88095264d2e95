package org.examengine.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.sample.SampleExam;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.examengine.persistence.jdbi.JdbiExamStorage;
import org.examengine.persistence.jpa.JpaExamStorage;

/**
 * A started exam on a chosen storage, for benchmarks: {@code sessions} workers on one package. Storages:
 * {@code memory}, {@code h2} (JDBI on an H2 file) and {@code jpa-h2} (JPA/Hibernate on an H2 file), both H2 files
 * with the adapters' durable settings.
 */
final class BenchmarkExam implements AutoCloseable {

    static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");
    private static final Actor ADMIN = Actor.admin("bench");

    final ExamEngine engine;
    final ExamStorage storage;
    final List<SessionId> sessions;
    final ScheduledAssessment scheduled;
    private final Path directory;

    BenchmarkExam(String kind, int sessions, int questions) {
        try {
            this.directory = kind.equals("memory") ? null : Files.createTempDirectory("exam-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.storage = switch (kind) {
            case "memory" -> new InMemoryExamStorage();
            case "h2" -> JdbiExamStorage.h2File(directory).migrate();
            case "jpa-h2" -> JpaExamStorage.h2File(directory);
            default -> throw new IllegalArgumentException("unknown storage " + kind);
        };
        // A fixed clock inside the exam window, so nothing expires while measuring.
        ManualClock clock = new ManualClock(OPENS.plusSeconds(60));
        this.engine = ExamEngine.builder().storage(storage).clock(clock).random(new SeededRandomSource(1)).build();
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "bench", questions));
        this.scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, "bench",
                "Benchmark", OPENS, 24 * 60, 60, ExamPolicy.defaults().withQuestionsPerPage(100),
                List.of(PackageId.of("bench")), sessions));
        this.sessions = scheduled.sessions().stream().map(ScheduledAssessment.ScheduledSession::sessionId).toList();
        for (int i = 0; i < sessions; i++) {
            engine.startExam().startExam(new SessionCommand(worker(i), this.sessions.get(i)));
        }
    }

    static Actor worker(int index) {
        return Actor.worker("w-" + (index + 1));
    }

    @Override
    public void close() {
        if (storage instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the benchmark storage failed", e);
            }
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temporary directory is harmless.
            }
        }
    }
}
