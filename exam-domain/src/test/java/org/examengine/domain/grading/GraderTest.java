package org.examengine.domain.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;

class GraderTest {

    private static final SessionId S = SessionId.of("s");

    private static Question q(String id, int weight) {
        return new Question(QuestionId.of(id), "Question " + id, List.of(
                new Option(OptionId.of(id + "-right"), "right", true),
                new Option(OptionId.of(id + "-wrong"), "wrong", false)), weight);
    }

    private static Response answer(String q, String suffix) {
        return new Response(S, QuestionId.of(q), suffix == null ? null : OptionId.of(q + "-" + suffix), 1,
                Instant.EPOCH);
    }

    private final ExamPackage pkg = new ExamPackage(PackageId.of("p"), "P", List.of(q("a", 1), q("b", 2), q("c", 3)));

    @Test
    void theScoreIsTheCorrectWeightOverTheTotalWeight() {
        Grade grade = Grader.grade(pkg, List.of(answer("a", "right"), answer("b", "wrong"), answer("c", "right")), 60);
        assertThat(grade.correctCount()).isEqualTo(2);
        assertThat(grade.correctWeight()).isEqualTo(4);
        assertThat(grade.totalWeight()).isEqualTo(6);
        assertThat(grade.scorePercent()).isEqualTo(66.67);
        assertThat(grade.passed()).isTrue();
    }

    @Test
    void unansweredAndClearedQuestionsCountAsWrong() {
        Grade grade = Grader.grade(pkg, List.of(answer("a", null)), 0);
        assertThat(grade.scorePercent()).isZero();
        assertThat(grade.passed()).as("a passing mark of 0 is always reached").isTrue();
    }

    @Test
    void passingComparesExactlyNotTheRoundedScore() {
        // 2/3 = 66.666...% rounds to 66.67 but does not reach 66.67 exactly
        ExamPackage three = new ExamPackage(PackageId.of("t"), "T", List.of(q("a", 1), q("b", 1), q("c", 1)));
        Grade grade = Grader.grade(three, List.of(answer("a", "right"), answer("b", "right")), 67);
        assertThat(grade.scorePercent()).isEqualTo(66.67);
        assertThat(grade.passed()).isFalse();
        assertThat(Grader.grade(three, List.of(answer("a", "right"), answer("b", "right")), 66).passed()).isTrue();
    }

    @Test
    void responsesToQuestionsOutsideThePackageAreIgnored() {
        Grade grade = Grader.grade(pkg, List.of(answer("zzz", "right")), 50);
        assertThat(grade.correctCount()).isZero();
    }
}
