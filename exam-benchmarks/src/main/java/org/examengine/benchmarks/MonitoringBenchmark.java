package org.examengine.benchmarks;

import java.util.concurrent.TimeUnit;

import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.shared.Actor;
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
 * The HC monitoring read for a group of 1,000 sessions with 50 answered questions each. Between reads a
 * heartbeat-free save changes one session, so a database's cache of the identical previous query is not
 * what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class MonitoringBenchmark {

    private static final int SESSIONS = 1_000;
    private static final int QUESTIONS = 50;

    @Param({"memory", "h2", "jpa-h2"})
    public String storage;

    BenchmarkExam exam;
    MonitoringQuery query;
    long seq = QUESTIONS;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        exam = new BenchmarkExam(storage, SESSIONS, QUESTIONS);
        for (int i = 0; i < SESSIONS; i++) {
            for (int q = 1; q <= QUESTIONS; q++) {
                exam.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(BenchmarkExam.worker(i),
                        exam.sessions.get(i), SampleExam.question(q), SampleExam.correctOption(q), 0, q));
            }
        }
        query = new MonitoringQuery(Actor.hc("bench"), AssessmentRef.byId(exam.scheduled.assessmentId()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        exam.close();
    }

    @Setup(Level.Invocation)
    public void changeOneSession() {
        int i = next++ % SESSIONS;
        int q = 1 + (int) (seq % QUESTIONS);
        exam.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(BenchmarkExam.worker(i), exam.sessions.get(i),
                SampleExam.question(q), SampleExam.wrongOption(q), 0, ++seq));
    }

    @Benchmark
    public MonitoringSnapshot monitoring() {
        return exam.engine.monitoring().getMonitoringProgress(query);
    }
}
