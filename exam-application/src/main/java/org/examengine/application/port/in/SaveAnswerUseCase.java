package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * SaveAnswer (WORKER, own session). Upserts one response and records {@code lastPageIndex} and
 * {@code elapsedSeconds} in the same transaction. A save whose {@code clientSeq} is not newer than the stored
 * one changes nothing and answers with the stored state ({@link SavedAnswer#applied()} false).
 *
 * <p>Codes: {@code SESSION_NOT_FOUND}, {@code FORBIDDEN}, {@code SESSION_NOT_IN_PROGRESS},
 * {@code SESSION_PAUSED}, {@code SESSION_CLOSED}, {@code TIME_EXPIRED}, {@code QUESTION_NOT_IN_PACKAGE},
 * {@code OPTION_NOT_IN_QUESTION}, {@code PAGE_OUT_OF_RANGE}, {@code ATTEMPT_ENDED} (a save from a page showing an
 * attempt that a Reset ended), {@code INVALID_INPUT} (an attempt that has not begun).
 */
public interface SaveAnswerUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    SavedAnswer saveAnswer(SaveAnswerCommand command);
}
