package org.examengine.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.grading.Grader;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Grading one session of 50 answered questions. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GradingBenchmark {

    ExamPackage pkg;
    List<Response> responses;

    @Setup
    public void setUp() {
        List<Question> questions = new ArrayList<>();
        responses = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            List<Option> options = new ArrayList<>();
            for (int o = 0; o < 4; o++) {
                options.add(new Option(OptionId.of("q" + i + "." + o), "Option " + o, o == i % 4));
            }
            questions.add(new Question(QuestionId.of("q" + i), "Question " + i, options, 1 + i % 3));
            responses.add(new Response(SessionId.of("s"), QuestionId.of("q" + i), OptionId.of("q" + i + "." + (i % 3)),
                    i, Instant.EPOCH));
        }
        pkg = new ExamPackage(PackageId.of("p"), "P", questions);
    }

    @Benchmark
    public Grade grade() {
        return Grader.grade(pkg, responses, 60);
    }
}
