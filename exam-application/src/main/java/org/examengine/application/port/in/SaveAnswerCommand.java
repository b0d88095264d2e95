package org.examengine.application.port.in;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/**
 * One pick on the worker's page.
 *
 * @param optionId  null clears the answer
 * @param pageIndex the page the worker is on, 0-based, not negative
 * @param clientSeq increases with every pick on the page, not negative
 * @param attempt   the attempt the page was showing, from 1, or null when the caller does not say; a save for an
 *                  earlier attempt than the session's is refused ({@code ATTEMPT_ENDED}), one for an attempt that
 *                  has not begun too ({@code INVALID_INPUT})
 */
public record SaveAnswerCommand(Actor actor, SessionId sessionId, QuestionId questionId, OptionId optionId,
                                int pageIndex, long clientSeq, Integer attempt) {

    public SaveAnswerCommand {
        Require.notNull(actor, "actor");
        Require.notNull(sessionId, "sessionId");
        Require.notNull(questionId, "questionId");
        Require.range(pageIndex, 0, Integer.MAX_VALUE, "pageIndex");
        Require.range(clientSeq, 0, Long.MAX_VALUE, "clientSeq");
        if (attempt != null) {
            Require.range(attempt, 1, Integer.MAX_VALUE, "attempt");
        }
    }

    /** A save that does not say which attempt it was made for. */
    public SaveAnswerCommand(Actor actor, SessionId sessionId, QuestionId questionId, OptionId optionId,
                             int pageIndex, long clientSeq) {
        this(actor, sessionId, questionId, optionId, pageIndex, clientSeq, null);
    }
}
