package org.examengine.application.port.in;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.Require;

/**
 * An answer sent along with SubmitExam, applied with the same rule as SaveAnswer.
 *
 * @param optionId null clears the answer
 */
public record FinalAnswer(QuestionId questionId, OptionId optionId, long clientSeq) {

    public FinalAnswer {
        Require.notNull(questionId, "questionId");
        Require.range(clientSeq, 0, Long.MAX_VALUE, "clientSeq");
    }
}
