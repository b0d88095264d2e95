package org.examengine.application.port.in;

import java.time.Instant;
import java.util.List;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/**
 * What the exam page needs to show or resume a session. Never contains correct options.
 *
 * @param questions        in this session's order, options in this session's order
 * @param answers          the saved answers (cleared ones included, with no option)
 * @param lastPageIndex    the page to resume on, 0 for a fresh start
 * @param remainingSeconds seconds left (frozen while Paused)
 * @param deadline         the current deadline (moves while Paused)
 * @param serverTime       the server's clock when this was produced, for countdown sync
 */
public record ExamSheet(SessionId sessionId, AssessmentId assessmentId, String assessmentTitle,
                        SessionStatus status, int attempt, List<PaperQuestion> questions, List<SavedChoice> answers,
                        int lastPageIndex, int questionsPerPage, long remainingSeconds, Instant deadline,
                        Instant serverTime) {

    public ExamSheet {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
    }

    public record PaperQuestion(QuestionId id, String text, int weight, List<PaperOption> options) {
        public PaperQuestion {
            options = List.copyOf(options);
        }
    }

    public record PaperOption(OptionId id, String text) {
    }

    /** @param optionId null for a cleared answer */
    public record SavedChoice(QuestionId questionId, OptionId optionId, long clientSeq) {
    }
}
