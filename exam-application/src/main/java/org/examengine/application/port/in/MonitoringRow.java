package org.examengine.application.port.in;

import java.time.Instant;
import java.util.Comparator;

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
 * @param extraTimeSeconds time HC added to this attempt (Extend time), in seconds
 * @param creditedSeconds  time this attempt was given back for outages, in seconds
 * @param lastSeenAt       when the worker's page was last heard from in this attempt; null before
 */
public record MonitoringRow(SessionId sessionId, String name, SessionStatus status, int progress,
                            int totalQuestions, Double score, String result, Long remainingSeconds,
                            Instant startedAt, Instant completedAt, boolean online, long version,
                            long extraTimeSeconds, long creditedSeconds, Instant lastSeenAt) {

    /** The order of the monitoring table: by name as people read numbers ({@link NaturalOrder}), then by id. */
    public static final Comparator<MonitoringRow> DISPLAY_ORDER =
            Comparator.comparing(MonitoringRow::name, NaturalOrder.INSTANCE)
                    .thenComparing(r -> r.sessionId().value());
}
