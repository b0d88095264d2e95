package org.examengine.domain.session;

import org.examengine.domain.shared.SessionId;
import java.time.Instant;
import java.util.List;

import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.Require;

/**
 * A closed attempt kept as history when HC resets a session: never deleted.
 *
 * @param startedAt    null when the attempt was never started
 * @param scorePercent null when the attempt was abandoned
 * @param passed       null when the attempt was abandoned
 */
public record AttemptRecord(SessionId sessionId, int attempt, PackageId packageId, SessionStatus status,
                            ClosedBy closedBy, Instant startedAt, Instant completedAt, Double scorePercent,
                            Boolean passed, List<Response> responses, Instant archivedAt) {

    public AttemptRecord {
        Require.notNull(sessionId, "sessionId");
        Require.notNull(packageId, "packageId");
        Require.notNull(status, "status");
        Require.notNull(archivedAt, "archivedAt");
        responses = List.copyOf(Require.notNull(responses, "responses"));
    }
}
