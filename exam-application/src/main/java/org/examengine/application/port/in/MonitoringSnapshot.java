package org.examengine.application.port.in;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.session.SessionStatus;

/**
 * The monitoring view of one assessment.
 *
 * @param version  increases with every committed change to the assessment or any of its sessions (the sum
 *                 of their versions), so equal versions mean equal stored state
 * @param asOf     the server time the snapshot was taken
 * @param summary  number of sessions per displayed status, every status present
 * @param sessions in {@link MonitoringRow#DISPLAY_ORDER}: by name, numbers in it by value, then by session id
 * @param resetsAllowed whether Reset can still give a closed session a new attempt: not once the assessment was
 *                      closed early or its last start time has passed
 */
public record MonitoringSnapshot(AssessmentId assessmentId, String title, String category, LocalDate scheduleDate,
                                 GroupStatus groupStatus, long version, Instant asOf,
                                 Map<SessionStatus, Integer> summary, List<MonitoringRow> sessions,
                                 boolean resetsAllowed) {

    public MonitoringSnapshot {
        summary = StatusCounts.copy(summary);
        sessions = List.copyOf(sessions);
    }
}
