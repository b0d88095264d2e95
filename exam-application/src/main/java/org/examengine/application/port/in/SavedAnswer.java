package org.examengine.application.port.in;

import java.time.Instant;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.SessionId;

/**
 * The stored state of one question after a SaveAnswer.
 *
 * @param optionId         the stored option (null when cleared)
 * @param clientSeq        the stored sequence
 * @param applied          false when the save was not newer than the stored one and changed nothing
 * @param answeredCount    the session's answered questions after the save
 * @param remainingSeconds seconds left
 */
public record SavedAnswer(SessionId sessionId, QuestionId questionId, OptionId optionId, long clientSeq,
                          Instant savedAt, boolean applied, int answeredCount, long remainingSeconds) {
}
