package org.examengine.domain.grading;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.response.Response;

/**
 * Grades a session from its stored responses. Unanswered and cleared questions count as wrong; responses
 * to questions outside the package are ignored. Pass/fail compares exact integers, so a score that rounds
 * up to the passing mark does not pass.
 */
public final class Grader {

    private Grader() {
    }

    public static Grade grade(ExamPackage pkg, Collection<Response> responses, int passingScorePercent) {
        int correctCount = 0;
        int correctWeight = 0;
        for (Response r : responses) {
            if (!r.isAnswered()) {
                continue;
            }
            Question q = pkg.question(r.questionId()).orElse(null);
            if (q != null && q.isCorrect(r.optionId())) {
                correctCount++;
                correctWeight += q.weight();
            }
        }
        int total = pkg.totalWeight();
        double percent = BigDecimal.valueOf(correctWeight * 100L)
                .divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_UP)
                .doubleValue();
        boolean passed = correctWeight * 100L >= (long) passingScorePercent * total;
        return new Grade(correctCount, correctWeight, total, percent, passed);
    }
}
