package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * CheckExamStatus (WORKER, own session): lets the page learn that HC closed, paused or extended the
 * session, or that its time ran out. Read-only except for lazy expiry.
 *
 * <p>Codes: {@code SESSION_NOT_FOUND}, {@code FORBIDDEN}.
 */
public interface CheckExamStatusUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    SessionStatusView checkExamStatus(SessionCommand command);
}
