package org.examengine.application.port.in;

import java.time.Instant;
import java.util.List;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/**
 * The result of a closed session.
 *
 * @param scorePercent    null for an Abandoned session
 * @param passed          null for an Abandoned session
 * @param result          {@code Pass}, {@code Fail} or null
 * @param correctCount    null for an Abandoned session
 * @param review          the per-question review in the session's order; empty unless review is allowed
 * @param participantName the worker's display name, so that staff reading several results can tell them apart
 */
public record ExamResult(SessionId sessionId, String assessmentTitle, SessionStatus status, ClosedBy closedBy,
                         Double scorePercent, Boolean passed, String result, int passingScorePercent,
                         int answeredCount, int totalQuestions, Integer correctCount, Instant startedAt,
                         Instant completedAt, int attempt, boolean reviewIncluded, List<ReviewItem> review,
                         String participantName) {

    public ExamResult {
        review = List.copyOf(review);
    }

    /**
     * @param chosenOptionId null when unanswered
     */
    public record ReviewItem(QuestionId questionId, String text, List<ExamSheet.PaperOption> options,
                             OptionId chosenOptionId, OptionId correctOptionId, boolean correct) {
        public ReviewItem {
            options = List.copyOf(options);
        }
    }

    /** {@code Pass}, {@code Fail} or null, as shown in the monitoring table. */
    public static String resultLabel(Boolean passed) {
        return passed == null ? null : passed ? "Pass" : "Fail";
    }
}
