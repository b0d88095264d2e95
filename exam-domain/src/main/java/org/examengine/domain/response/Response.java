package org.examengine.domain.response;

import java.time.Instant;
import java.util.Optional;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Require;

/**
 * A worker's answer to one question of one session: at most one per (session, question). Saving again
 * replaces it, but only with a newer {@code clientSeq}, so a retried or reordered request never rolls an
 * answer back. A cleared answer is kept as a response with no option, so that its sequence still guards it.
 *
 * @param optionId  the chosen option, or null when the worker cleared the answer
 * @param clientSeq the worker page's counter for picks, never negative
 * @param savedAt   server time of the save
 */
public record Response(SessionId sessionId, QuestionId questionId, OptionId optionId, long clientSeq,
                       Instant savedAt) {

    public Response {
        Require.notNull(sessionId, "sessionId");
        Require.notNull(questionId, "questionId");
        Require.notNull(savedAt, "savedAt");
        Require.range(clientSeq, 0, Long.MAX_VALUE, "clientSeq");
    }

    public boolean isAnswered() {
        return optionId != null;
    }

    public Optional<OptionId> option() {
        return Optional.ofNullable(optionId);
    }

    /** Whether a save carrying {@code otherSeq} may replace this response. */
    public boolean isOlderThan(long otherSeq) {
        return clientSeq < otherSeq;
    }
}
