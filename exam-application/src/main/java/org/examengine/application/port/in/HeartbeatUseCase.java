package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * Heartbeat (WORKER, own session): the page is alive. Records {@code lastSeenAt}; with outage credit on,
 * a silence longer than {@code offlineAfter} ending before the deadline is credited (and audited).
 *
 * <p>Codes: {@code SESSION_NOT_FOUND}, {@code FORBIDDEN}.
 */
public interface HeartbeatUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    SessionStatusView heartbeat(SessionCommand command);
}
