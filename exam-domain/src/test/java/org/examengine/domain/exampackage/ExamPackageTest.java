package org.examengine.domain.exampackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

class ExamPackageTest {

    private static Option opt(String id, boolean correct) {
        return new Option(OptionId.of(id), "text " + id, correct);
    }

    private static Question question(String id) {
        return new Question(QuestionId.of(id), "Q " + id, List.of(opt(id + "a", true), opt(id + "b", false),
                opt(id + "c", false)), 1);
    }

    @Test
    void aQuestionNeedsExactlyOneCorrectOptionAndAtLeastTwoOptions() {
        assertThatThrownBy(() -> new Question(QuestionId.of("q"), "Q", List.of(opt("a", true), opt("b", true)), 1))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.INVALID_PACKAGE);
        assertThatThrownBy(() -> new Question(QuestionId.of("q"), "Q", List.of(opt("a", false), opt("b", false)), 1))
                .isInstanceOf(ExamException.class).hasMessageContaining("exactly one correct");
        assertThatThrownBy(() -> new Question(QuestionId.of("q"), "Q", List.of(opt("a", true)), 1))
                .isInstanceOf(ExamException.class).hasMessageContaining("between 2");
        assertThatThrownBy(() -> new Question(QuestionId.of("q"), "Q", List.of(opt("a", true), opt("b", false)), 0))
                .isInstanceOf(ExamException.class).hasMessageContaining("weight");
    }

    @Test
    void idsAreUniqueWithinAPackage() {
        assertThatThrownBy(() -> new ExamPackage(PackageId.of("p"), "P", List.of(question("x"), question("x"))))
                .isInstanceOf(ExamException.class).hasMessageContaining("appears twice");
        Question sharesOption = new Question(QuestionId.of("y"), "Q", List.of(opt("xa", true), opt("yb", false)), 1);
        assertThatThrownBy(() -> new ExamPackage(PackageId.of("p"), "P", List.of(question("x"), sharesOption)))
                .isInstanceOf(ExamException.class).hasMessageContaining("option id xa");
        assertThatThrownBy(() -> new ExamPackage(PackageId.of("p"), "P", List.of()))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.INVALID_PACKAGE);
    }

    @Test
    void answersAreCheckedAgainstThePackage() {
        ExamPackage pkg = new ExamPackage(PackageId.of("p"), "P", List.of(question("x"), question("y")));
        assertThat(pkg.checkAnswer(QuestionId.of("x"), OptionId.of("xb")).id()).isEqualTo(QuestionId.of("x"));
        assertThat(pkg.checkAnswer(QuestionId.of("x"), null).id()).isEqualTo(QuestionId.of("x"));
        assertThatThrownBy(() -> pkg.checkAnswer(QuestionId.of("z"), OptionId.of("xa")))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.QUESTION_NOT_IN_PACKAGE);
        assertThatThrownBy(() -> pkg.checkAnswer(QuestionId.of("x"), OptionId.of("ya")))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.OPTION_NOT_IN_QUESTION);
    }

    @Test
    void idsWithUnsafeCharactersAreRejected() {
        assertThatThrownBy(() -> QuestionId.of("q1'; drop table"))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> QuestionId.of("")).isInstanceOf(ExamException.class);
        assertThatThrownBy(() -> QuestionId.of("x".repeat(101))).isInstanceOf(ExamException.class);
    }

    @Test
    void thePaperIsAPermutationFixedByItsSeed() {
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            questions.add(question("q" + i));
        }
        ExamPackage pkg = new ExamPackage(PackageId.of("p"), "P", questions);
        List<Question> a = Paper.of(pkg, 123L, true, true);
        assertThat(Paper.of(pkg, 123L, true, true)).isEqualTo(a);
        assertThat(a).extracting(Question::id).containsExactlyInAnyOrderElementsOf(
                questions.stream().map(Question::id).toList());
        assertThat(a).extracting(Question::id).isNotEqualTo(questions.stream().map(Question::id).toList());
        Set<List<QuestionId>> orders = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            orders.add(Paper.of(pkg, seed, true, false).stream().map(Question::id).toList());
        }
        assertThat(orders).hasSize(20);
        assertThat(Paper.of(pkg, 123L, false, false)).isEqualTo(questions);
        assertThat(a.get(0).correctOption().id().value()).endsWith("a");
    }

    @Test
    void theOrderForASeedIsStableAcrossReleases() {
        List<Question> questions = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            questions.add(question("q" + i));
        }
        ExamPackage pkg = new ExamPackage(PackageId.of("p"), "P", questions);
        // Recorded once: a stored seed must give workers the same paper after any upgrade.
        assertThat(Paper.of(pkg, 42L, true, false)).extracting(q -> q.id().value())
                .containsExactly("q2", "q1", "q5", "q6", "q4", "q3");
    }
}
