package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * PauseSession (HC/ADMIN): InProgress becomes Paused; paused time does not count against the worker.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code SESSION_NOT_FOUND}, {@code SESSION_PAUSED},
 * {@code SESSION_NOT_IN_PROGRESS}, {@code SESSION_CLOSED}, {@code TIME_EXPIRED}.
 */
public interface PauseSessionUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringRow pauseSession(SessionCommand command);
}
