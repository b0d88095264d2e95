package org.examengine.application.port.in;

import java.time.Instant;

import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/**
 * A session's state as the worker's page polls it.
 *
 * @param remainingSeconds null while NotStarted or Upcoming, 0 once closed
 * @param deadline         null until started
 * @param closedBy         null while open
 * @param version          the session's version: changes with every stored change
 * @param opensAt          when the assessment opens: a page opened early waits for it
 */
public record SessionStatusView(SessionId sessionId, SessionStatus status, Long remainingSeconds, Instant deadline,
                                ClosedBy closedBy, long extraTimeSeconds, long creditedSeconds,
                                GroupStatus groupStatus, Instant serverTime, long version, Instant opensAt) {
}
