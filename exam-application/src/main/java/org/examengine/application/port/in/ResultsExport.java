package org.examengine.application.port.in;

import java.time.Instant;
import java.util.List;

import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/** The results of one assessment, one row per session, by name ({@link NaturalOrder}), then by session id. */
public record ResultsExport(AssessmentSummary assessment, List<Row> rows) {

    public ResultsExport {
        rows = List.copyOf(rows);
    }

    /**
     * @param employeeNumber null when unknown
     * @param score          null until graded
     * @param result         {@code Pass}, {@code Fail} or null
     */
    public record Row(SessionId sessionId, ParticipantId participantId, String name, String employeeNumber,
                      SessionStatus status, int attempt, Double score, String result, int answered, int total,
                      Instant startedAt, Instant completedAt, ClosedBy closedBy) {
    }
}
