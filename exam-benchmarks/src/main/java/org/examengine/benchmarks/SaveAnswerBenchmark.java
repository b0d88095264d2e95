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
 * SaveAnswer through the application service, as a worker's page sends it: each benchmark thread saves to
 * sessions of its own, picking random questions and options with an increasing {@code clientSeq}. With
 * {@code sessionsPerThread} 1 (the default) a thread is one worker on one session; with more, it takes its
 * sessions in turn, as the load test's connections do (there 512 sessions, 8 to a connection), so that a save
 * rarely finds its session's rows in the processor's caches. Run with {@code -t 1} and {@code -t 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class SaveAnswerBenchmark {

    /** How many threads have sessions of their own; past it, threads share them. */
    private static final int THREADS = 64;
    private static final int QUESTIONS = 50;

    @Param({"memory", "h2", "jpa-h2"})
    public String storage;

    @Param({"1"})
    public int sessionsPerThread;

    BenchmarkExam exam;
    final AtomicInteger nextWorker = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
        if (sessionsPerThread < 1) {
            throw new IllegalArgumentException("sessionsPerThread must be at least 1, was " + sessionsPerThread);
        }
        exam = new BenchmarkExam(storage, THREADS * sessionsPerThread, QUESTIONS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        exam.close();
    }

    /** The sessions of one benchmark thread, each with its worker, saved to in turn. */
    @State(Scope.Thread)
    public static class Worker {
        Actor[] actors;
        SessionId[] sessions;
        long[] seqs;
        int next;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void setUp(SaveAnswerBenchmark bench) {
            int thread = bench.nextWorker.getAndIncrement() % THREADS;
            int count = bench.sessionsPerThread;
            actors = new Actor[count];
            sessions = new SessionId[count];
            seqs = new long[count];
            for (int i = 0; i < count; i++) {
                int index = thread * count + i;
                actors[i] = BenchmarkExam.worker(index);
                sessions[i] = bench.exam.sessions.get(index);
            }
            random = new SplittableRandom(thread);
        }
    }

    @Benchmark
    public SavedAnswer saveAnswer(Worker w) {
        int s = w.next;
        w.next = s + 1 == w.sessions.length ? 0 : s + 1;
        int q = 1 + w.random.nextInt(QUESTIONS);
        OptionId option = OptionId.of("q" + q + "." + (char) ('a' + w.random.nextInt(4)));
        return exam.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(w.actors[s], w.sessions[s],
                SampleExam.question(q), option, 0, ++w.seqs[s]));
    }
}
