package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * GetResult (the owning WORKER, or HC/ADMIN). The score and pass/fail of a closed session; the per-question
 * review with correct options only when the assessment allows review (always for HC/ADMIN).
 *
 * <p>Codes: {@code SESSION_NOT_FOUND}, {@code RESULT_NOT_AVAILABLE} while the session is open.
 */
public interface GetResultUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    ExamResult getResult(SessionCommand command);
}
