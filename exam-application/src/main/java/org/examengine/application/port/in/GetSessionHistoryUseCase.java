package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * GetSessionHistory (HC/ADMIN). What a session has been through: its earlier attempts, kept when HC reset it,
 * with their responses and grades, and the audit events of the session in the order they happened.
 *
 * <p>Codes: {@code SESSION_NOT_FOUND}, {@code FORBIDDEN} for a worker.
 */
public interface GetSessionHistoryUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    SessionHistory getSessionHistory(SessionCommand command);
}
