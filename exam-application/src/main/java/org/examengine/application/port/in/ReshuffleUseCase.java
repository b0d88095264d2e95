package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * Reshuffle (HC/ADMIN): a NotStarted session gets a new package draw and question order.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code SESSION_NOT_FOUND}, {@code ALREADY_STARTED}, {@code SESSION_CLOSED}.
 */
public interface ReshuffleUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringRow reshuffle(SessionCommand command);
}
