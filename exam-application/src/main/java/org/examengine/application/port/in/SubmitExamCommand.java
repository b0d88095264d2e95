package org.examengine.application.port.in;

import java.util.List;

import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * SubmitExam with optional final answers (at most one per question).
 *
 * @param attempt the attempt the page was showing, from 1, or null when the caller does not say; a submit for
 *                another attempt than the session's is refused ({@code ATTEMPT_ENDED})
 */
public record SubmitExamCommand(Actor actor, SessionId sessionId, List<FinalAnswer> finalAnswers, Integer attempt) {

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

    /** A submit that does not say which attempt it was made for. */
    public SubmitExamCommand(Actor actor, SessionId sessionId, List<FinalAnswer> finalAnswers) {
        this(actor, sessionId, finalAnswers, null);
    }

    public SubmitExamCommand(Actor actor, SessionId sessionId) {
        this(actor, sessionId, List.of());
    }
}
