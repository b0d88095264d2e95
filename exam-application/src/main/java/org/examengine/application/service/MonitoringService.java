package org.examengine.application.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.examengine.application.port.in.GetMonitoringProgressUseCase;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/**
 * The HC monitoring read: three storage reads (assessment, sessions, participant names) whatever the group
 * size, two while the group's names are kept ({@link DisplayNames}). Overdue sessions found on the way are
 * closed by their expiry policy first. A kept view is brought up to date for a few changed sessions with two
 * reads.
 */
public final class MonitoringService implements GetMonitoringProgressUseCase {

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

    @Override
    public Optional<MonitoringSnapshot> refreshMonitoringProgress(Actor actor, MonitoringSnapshot previous,
                                                                  Set<SessionId> changed) {
        Access.requireStaff(actor);
        return ctx.storage.transactions().inTransaction(() -> refresh(previous, changed));
    }

    private Optional<MonitoringSnapshot> refresh(MonitoringSnapshot previous, Set<SessionId> changed) {
        Assessment a = ctx.assessment(previous.assessmentId());
        long previousSessionVersions = 0;
        Map<SessionId, Integer> index = new HashMap<>();
        for (int i = 0; i < previous.sessions().size(); i++) {
            MonitoringRow row = previous.sessions().get(i);
            index.put(row.sessionId(), i);
            previousSessionVersions += row.version();
        }
        // The view's version is the assessment's plus its sessions': what is left over is the assessment's then.
        if (a.version() != previous.version() - previousSessionVersions || !index.keySet().containsAll(changed)) {
            return Optional.empty();
        }
        Instant now = ctx.now();
        Map<SessionId, ExamSession> sessions = ctx.storage.sessions().findAllById(changed);
        if (sessions.size() != changed.size()
                || sessions.values().stream().anyMatch(s -> s.isOverdue(a, now) || !s.assessmentId().equals(a.id()))) {
            return Optional.empty();
        }
        List<MonitoringRow> rows = new ArrayList<>(previous.sessions());
        long version = previous.version();
        for (ExamSession s : sessions.values()) {
            int i = index.get(s.id());
            MonitoringRow before = rows.get(i);
            // Names are not part of a session's changes; the row keeps its place in the order by name.
            rows.set(i, Views.row(s, a, before.name(), now));
            version += s.version() - before.version();
        }
        return Optional.of(snapshot(a, now, version, rows));
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
        Map<ParticipantId, String> names = ctx.displayNames.of(a.id(),
                sessions.stream().map(ExamSession::participantId).toList(), now,
                () -> ctx.storage.participants().findByAssessment(a.id()).stream()
                        .collect(Collectors.toMap(Participant::id, Participant::displayName, (x, y) -> x)));
        List<MonitoringRow> rows = sessions.stream()
                .map(s -> Views.row(s, a, names.getOrDefault(s.participantId(), s.participantId().value()), now))
                .sorted(MonitoringRow.DISPLAY_ORDER)
                .toList();
        long version = a.version() + sessions.stream().mapToLong(ExamSession::version).sum();
        return new Read(snapshot(a, now, version, rows), List.of());
    }

    private static MonitoringSnapshot snapshot(Assessment a, Instant now, long version, List<MonitoringRow> rows) {
        Map<SessionStatus, Integer> summary = new EnumMap<>(SessionStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            summary.put(status, 0);
        }
        rows.forEach(r -> summary.merge(r.status(), 1, Integer::sum));
        // A displayed status is closed exactly when the stored one is (Upcoming is only ever NotStarted).
        boolean allClosed = !rows.isEmpty() && rows.stream().allMatch(r -> r.status().isClosed());
        return new MonitoringSnapshot(a.id(), a.title(), a.category(), a.scheduleDate(),
                a.groupStatus(now, allClosed), version, now, summary, List.copyOf(rows),
                !a.isClosedEarly() && !a.startWindowPassed(now));
    }
}
