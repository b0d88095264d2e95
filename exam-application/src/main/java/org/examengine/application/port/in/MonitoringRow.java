package org.examengine.application.port.in;

import java.time.Instant;

import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/**
 * One row of the monitoring table. Holds no private participant data (no e-mail, no employee number).
 *
 * @param progress         answered questions
 * @param score            null until graded
 * @param result           {@code Pass}, {@code Fail} or null
 * @param remainingSeconds null while NotStarted or Upcoming, 0 once closed, frozen while Paused
 * @param online           whether the worker's page was heard from within {@code offlineAfter}
 * @param version          the session's version
 */
public record MonitoringRow(SessionId sessionId, String name, SessionStatus status, int progress,
                            int totalQuestions, Double score, String result, Long remainingSeconds,
                            Instant startedAt, Instant completedAt, boolean online, long version) {
}
