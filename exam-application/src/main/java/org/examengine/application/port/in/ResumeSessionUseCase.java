package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * ResumeSession (HC/ADMIN): Paused becomes InProgress; the deadline moved by the length of the pause.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_PAUSED}.
 */
public interface ResumeSessionUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringRow resumeSession(SessionCommand command);
}
