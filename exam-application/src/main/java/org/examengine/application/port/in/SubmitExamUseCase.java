package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * SubmitExam (WORKER, own session). Applies the final answers sent with it (same rule as SaveAnswer,
 * accepted during the grace period too), grades from the stored responses and completes the session.
 * Accepted until deadline + grace. Repeating a successful submit returns the same result and changes nothing.
 * With {@link SubmitExamCommand#timeUp()} (the page's countdown reached zero) the session is closed by the expiry
 * policy instead, closed by TIMEOUT, from the deadline on; a repeated time-up report returns the same result.
 *
 * <p>Codes: {@code SESSION_NOT_FOUND}, {@code FORBIDDEN}, {@code SESSION_NOT_IN_PROGRESS},
 * {@code SESSION_PAUSED}, {@code TIME_EXPIRED}, {@code TIME_NOT_UP} (a time-up report before the deadline),
 * {@code SESSION_CLOSED} (closed by HC), {@code ATTEMPT_ENDED} and {@code INVALID_INPUT} for the attempt as for
 * SaveAnswer, and the answer codes of SaveAnswer for a bad final answer.
 */
public interface SubmitExamUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    ExamResult submitExam(SubmitExamCommand command);
}
