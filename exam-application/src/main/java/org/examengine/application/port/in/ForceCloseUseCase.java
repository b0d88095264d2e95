package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * ForceClose (HC/ADMIN): NotStarted becomes Abandoned; InProgress or Paused becomes Completed, graded on the
 * saved answers. Closed by HC.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code SESSION_NOT_FOUND}, {@code SESSION_CLOSED}.
 */
public interface ForceCloseUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringRow forceClose(SessionCommand command);
}
