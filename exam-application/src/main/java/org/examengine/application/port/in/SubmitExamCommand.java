package org.examengine.application.port.in;

import java.util.List;

import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/** SubmitExam with optional final answers (at most one per question). */
public record SubmitExamCommand(Actor actor, SessionId sessionId, List<FinalAnswer> finalAnswers) {

    public SubmitExamCommand {
        Require.notNull(actor, "actor");
        Require.notNull(sessionId, "sessionId");
        finalAnswers = finalAnswers == null ? List.of() : List.copyOf(finalAnswers);
        if (finalAnswers.stream().map(FinalAnswer::questionId).distinct().count() != finalAnswers.size()) {
            throw ExamException.invalid("finalAnswers repeats a question");
        }
    }

    public SubmitExamCommand(Actor actor, SessionId sessionId) {
        this(actor, sessionId, List.of());
    }
}
