package org.examengine.application.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.examengine.application.port.in.GetMonitoringProgressUseCase;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/**
 * The HC monitoring read: three storage reads (assessment, sessions, participant names) whatever the group
 * size. Overdue sessions found on the way are closed by their expiry policy first.
 */
public final class MonitoringService implements GetMonitoringProgressUseCase {

    private static final Comparator<MonitoringRow> BY_NAME =
            Comparator.comparing(MonitoringRow::name, String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(r -> r.sessionId().value());

    private final EngineContext ctx;

    MonitoringService(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public MonitoringSnapshot getMonitoringProgress(MonitoringQuery query) {
        Access.requireStaff(query.actor());
        while (true) {
            Read read = ctx.storage.transactions().inTransaction(() -> read(query));
            if (read.overdue().isEmpty()) {
                return read.snapshot();
            }
            // Rare: close what is overdue (each in its own transaction), then read again.
            read.overdue().forEach(ctx::expire);
        }
    }

    private record Read(MonitoringSnapshot snapshot, List<SessionId> overdue) {
    }

    private Read read(MonitoringQuery query) {
        Assessment a = ctx.resolve(query.assessment());
        Instant now = ctx.now();
        List<ExamSession> sessions = ctx.storage.sessions().findByAssessment(a.id());
        List<SessionId> overdue = sessions.stream().filter(s -> s.isOverdue(a, now)).map(ExamSession::id).toList();
        if (!overdue.isEmpty()) {
            return new Read(null, overdue);
        }
        Map<ParticipantId, String> names = ctx.storage.participants().findByAssessment(a.id()).stream()
                .collect(Collectors.toMap(Participant::id, Participant::displayName, (x, y) -> x));
        List<MonitoringRow> rows = sessions.stream()
                .map(s -> Views.row(s, a, names.getOrDefault(s.participantId(), s.participantId().value()), now))
                .sorted(BY_NAME)
                .toList();
        Map<SessionStatus, Integer> summary = new EnumMap<>(SessionStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            summary.put(status, 0);
        }
        rows.forEach(r -> summary.merge(r.status(), 1, Integer::sum));
        boolean allClosed = !sessions.isEmpty() && sessions.stream().allMatch(s -> s.status().isClosed());
        long version = a.version() + sessions.stream().mapToLong(ExamSession::version).sum();
        return new Read(new MonitoringSnapshot(a.id(), a.title(), a.category(), a.scheduleDate(),
                a.groupStatus(now, allClosed), version, now, summary, rows), List.of());
    }
}
