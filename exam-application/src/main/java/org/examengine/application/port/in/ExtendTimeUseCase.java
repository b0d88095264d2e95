package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * ExtendTime (HC/ADMIN): adds minutes to one worker's deadline, while InProgress and not closed (also inside the
 * grace period). A paused session is refused ({@code SESSION_PAUSED}): resume it first.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_IN_PROGRESS}, {@code SESSION_PAUSED},
 * {@code SESSION_CLOSED}, {@code INVALID_INPUT}.
 */
public interface ExtendTimeUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringRow extendTime(ExtendTimeCommand command);
}
