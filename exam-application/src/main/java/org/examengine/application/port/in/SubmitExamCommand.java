package org.examengine.application.port.in;

import java.util.List;

import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * SubmitExam with optional final answers (at most one per question).
 *
 * @param attempt the attempt the page was showing, from 1, or null when the caller does not say; a submit for an
 *                earlier attempt than the session's is refused ({@code ATTEMPT_ENDED}), one for an attempt that has
 *                not begun too ({@code INVALID_INPUT})
 * @param timeUp  true when the worker's page sends it because its countdown reached zero, not because the worker
 *                chose to: the final answers are recorded, then the session closes as the expiry policy says
 *                (closed by {@code TIMEOUT}; graded under AUTO_SUBMIT, Abandoned under ABANDON). Refused with
 *                {@code TIME_NOT_UP} before the deadline.
 */
public record SubmitExamCommand(Actor actor, SessionId sessionId, List<FinalAnswer> finalAnswers, Integer attempt,
                                boolean timeUp) {

    public SubmitExamCommand {
        Require.notNull(actor, "actor");
        Require.notNull(sessionId, "sessionId");
        if (attempt != null) {
            Require.range(attempt, 1, Integer.MAX_VALUE, "attempt");
        }
        finalAnswers = finalAnswers == null ? List.of() : Require.entries(finalAnswers, "finalAnswers");
        if (finalAnswers.stream().map(FinalAnswer::questionId).distinct().count() != finalAnswers.size()) {
            throw ExamException.invalid("finalAnswers repeats a question");
        }
    }

    /** The worker's own submit. */
    public SubmitExamCommand(Actor actor, SessionId sessionId, List<FinalAnswer> finalAnswers, Integer attempt) {
        this(actor, sessionId, finalAnswers, attempt, false);
    }

    /** A submit that does not say which attempt it was made for. */
    public SubmitExamCommand(Actor actor, SessionId sessionId, List<FinalAnswer> finalAnswers) {
        this(actor, sessionId, finalAnswers, null);
    }

    public SubmitExamCommand(Actor actor, SessionId sessionId) {
        this(actor, sessionId, List.of());
    }
}
