package org.examengine.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SaveAnswer through the application service, as a worker's page sends it: each benchmark thread is one
 * worker on its own session, picking random questions and options with an increasing {@code clientSeq}.
 * Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class SaveAnswerBenchmark {

    private static final int SESSIONS = 64;
    private static final int QUESTIONS = 50;

    @Param({"memory", "h2", "jpa-h2"})
    public String storage;

    BenchmarkExam exam;
    final AtomicInteger nextWorker = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
        exam = new BenchmarkExam(storage, SESSIONS, QUESTIONS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        exam.close();
    }

    /** One worker per benchmark thread. */
    @State(Scope.Thread)
    public static class Worker {
        int index;
        Actor actor;
        SessionId session;
        long seq;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void setUp(SaveAnswerBenchmark bench) {
            index = bench.nextWorker.getAndIncrement() % SESSIONS;
            actor = BenchmarkExam.worker(index);
            session = bench.exam.sessions.get(index);
            random = new SplittableRandom(index);
        }
    }

    @Benchmark
    public SavedAnswer saveAnswer(Worker w) {
        int q = 1 + w.random.nextInt(QUESTIONS);
        OptionId option = OptionId.of("q" + q + "." + (char) ('a' + w.random.nextInt(4)));
        return exam.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(w.actor, w.session, SampleExam.question(q),
                option, 0, ++w.seq));
    }
}
