package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * The sweeper: applies the expiry policy to every overdue session (InProgress past deadline + grace, NotStarted
 * past the last start time). Sessions are also expired lazily whenever they are read or written, so a stopped
 * sweeper never leaves a session open past its deadline; the sweeper makes monitoring and exports current.
 * Returns how many sessions it closed.
 *
 * <p>Codes: {@code FORBIDDEN} for callers other than SYSTEM, ADMIN or HC.
 */
public interface ExpireOverdueSessionsUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    int expireOverdueSessions(SystemCommand command);
}
