package org.examengine.application.port.in;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.session.SessionStatus;

/**
 * An assessment in a search result or export header.
 *
 * @param closesAt       null when there is no last start time
 * @param sessionsByStatus number of sessions per stored status
 */
public record AssessmentSummary(AssessmentId id, String title, String category, LocalDate scheduleDate,
                                Instant opensAt, Instant closesAt, int durationMinutes, int passingScorePercent,
                                GroupStatus groupStatus, int sessionCount,
                                Map<SessionStatus, Integer> sessionsByStatus) {

    public AssessmentSummary {
        sessionsByStatus = StatusCounts.copy(sessionsByStatus);
    }
}
