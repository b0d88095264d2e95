package org.examengine.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SessionStatusView;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push channels: one monitoring channel per watched assessment and one status channel per watched session.
 *
 * <p>Events only mark a channel dirty and schedule a flush on the push executor, so the use case thread never
 * waits. A monitoring flush brings the group's last sent view up to date for the sessions named by the events
 * since the previous flush (two small storage reads), or reads the whole group (three reads) when an event
 * concerns the assessment itself, after any scheduling (which may rename participants of every group), and
 * every {@code pushRefresh} for time-driven changes; it sends every
 * watcher the rows that changed since the previous message; flushes of one group are at least the coalescing
 * window apart, so a burst of saves costs one snapshot per window, while an isolated change goes out at once.
 * Every watcher of a group shares one baseline: each message's {@code fromVersion} is the previous message's
 * {@code version}.
 */
final class PushHub {

    static final String CHANNEL_MONITORING = "monitoring";
    static final String CHANNEL_SESSION = "session";
    private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);

    private final ExamEngine engine;
    private final Json json;
    private final Metrics metrics;
    private final ScheduledExecutorService executor;
    private final long coalesceNanos;
    private final Map<AssessmentId, Group> groups = new ConcurrentHashMap<>();
    private final Map<SessionId, SessionChannel> sessions = new ConcurrentHashMap<>();
    // Told of every event first, so that a kept monitoring answer is never served after its group changed.
    private final MonitoringCache polls;

    PushHub(ExamEngine engine, Json json, Metrics metrics, ScheduledExecutorService executor, Duration coalesce,
            MonitoringCache polls) {
        this.engine = engine;
        this.polls = polls;
        this.json = json;
        this.metrics = metrics;
        this.executor = executor;
        this.coalesceNanos = coalesce.toNanos();
        metrics.watcherGauge(CHANNEL_MONITORING,
                () -> groups.values().stream().mapToInt(g -> g.watchers.size()).sum());
        metrics.watcherGauge(CHANNEL_SESSION,
                () -> sessions.values().stream().mapToInt(s -> s.watchers.size()).sum());
    }

    // ---- messages -------------------------------------------------------------------------------------------

    /**
     * The whole monitoring view; sent on connect. Every monitoring message carries the {@code tag} of the view
     * the client holds once it has applied it (the ETag a poll of that view answers), for its reconnect.
     */
    record SnapshotMessage(String type, AssessmentId assessmentId, String title, String category,
                           LocalDate scheduleDate, GroupStatus groupStatus, long version, Instant asOf,
                           Map<SessionStatus, Integer> summary, List<MonitoringRow> sessions,
                           boolean resetsAllowed, String tag) {

        static SnapshotMessage of(MonitoringSnapshot s, String tag) {
            return new SnapshotMessage("snapshot", s.assessmentId(), s.title(), s.category(), s.scheduleDate(),
                    s.groupStatus(), s.version(), s.asOf(), s.summary(), s.sessions(), s.resetsAllowed(), tag);
        }
    }

    /** The rows that changed since {@code fromVersion}, each a full replacement keyed by its sessionId. */
    record ChangesMessage(String type, AssessmentId assessmentId, long fromVersion, long version, Instant asOf,
                          GroupStatus groupStatus, Map<SessionStatus, Integer> summary, List<MonitoringRow> sessions,
                          boolean resetsAllowed, String tag) {
    }

    /** Sent on a reconnect whose {@code since} and {@code tag} are those of the current view: the client is current. */
    record ResumedMessage(String type, AssessmentId assessmentId, long version, Instant asOf, GroupStatus groupStatus,
                          String tag) {
    }

    /** A worker's session status. */
    record SessionStatusMessage(String type, SessionStatusView session) {
    }

    // ---- events ---------------------------------------------------------------------------------------------

    /** Marks the channels an event concerns dirty; never blocks, never throws. */
    void onEvent(ExamEvent event) {
        try {
            polls.onEvent(event);
            metrics.pushEvent(event.type().name());
            if (event.type() == ExamEvent.Type.ASSESSMENT_SCHEDULED) {
                // Scheduling upserts participants, which may rename one that other watched groups show.
                groups.values().forEach(g -> {
                    g.wholeRead.set(true);
                    requestFlush(g);
                });
            }
            Group group = groups.get(event.assessmentId());
            if (group != null) {
                if (event.sessionId() == null) {
                    group.wholeRead.set(true);
                } else {
                    group.changed.add(event.sessionId());
                }
                requestFlush(group);
            }
            if (event.sessionId() != null && event.type() != ExamEvent.Type.ANSWER_SAVED) {
                SessionChannel channel = sessions.get(event.sessionId());
                if (channel != null) {
                    requestPush(channel);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("dropped push event {}", event.type(), e);
        }
    }

    /** Asks every watched group to check for time-driven changes (online flags, opening, closing). */
    void refreshAll() {
        groups.values().forEach(group -> {
            group.wholeRead.set(true);
            requestFlush(group);
        });
    }

    // ---- monitoring channel ---------------------------------------------------------------------------------

    private static final class Group {
        final AssessmentId id;
        final Set<WsContext> watchers = ConcurrentHashMap.newKeySet();
        final Set<WsContext> ready = ConcurrentHashMap.newKeySet();
        final AtomicBoolean pending = new AtomicBoolean();
        // What the next flush must read: the sessions named by events, or the whole group (events without a
        // session, and the periodic refresh that catches time-driven changes such as a worker going offline).
        final Set<SessionId> changed = ConcurrentHashMap.newKeySet();
        final AtomicBoolean wholeRead = new AtomicBoolean();
        final ReentrantLock lock = new ReentrantLock();
        volatile long lastFlushNanos = System.nanoTime() - Long.MAX_VALUE / 4;
        MonitoringSnapshot baseline;
        Map<SessionId, RowKey> baselineKeys = Map.of();

        Group(AssessmentId id) {
            this.id = id;
        }
    }

    /**
     * What makes a row worth sending again: any stored change (version), a time-driven flip, or a new participant
     * name (a scheduling of another group may rename a participant without changing this group's sessions).
     */
    private record RowKey(long version, SessionStatus status, boolean online, String name) {
        static RowKey of(MonitoringRow row) {
            return new RowKey(row.version(), row.status(), row.online(), row.name());
        }
    }

    /**
     * Adds a watcher and sends it the current state: a snapshot, or {@code resumed} when {@code since} and
     * {@code tag} are the current view's (the client's own tag, not one this node remembers, so any node of a
     * cluster answers alike). Watchers already there get the changes up to the same state in the same step, so
     * all watchers keep one baseline.
     */
    void joinMonitoring(AssessmentId id, WsContext ws, Long since, String tag) {
        Group group = groups.compute(id, (k, g) -> {
            Group target = g == null ? new Group(k) : g;
            target.watchers.add(ws);
            return target;
        });
        group.lock.lock();
        try {
            MonitoringSnapshot now = snapshot(group);
            String current = MonitoringRoutes.etag(now);
            if (since != null && since == now.version() && current.equals(tag)) {
                send(ws, CHANNEL_MONITORING, "resumed", new ResumedMessage("resumed", now.assessmentId(),
                        now.version(), now.asOf(), now.groupStatus(), current));
            } else {
                send(ws, CHANNEL_MONITORING, "snapshot", SnapshotMessage.of(now, current));
            }
            broadcastChanges(group, now);
            group.ready.add(ws);
            // A socket closed while joining has already left; do not keep it as a recipient.
            if (!group.watchers.contains(ws)) {
                group.ready.remove(ws);
            }
        } catch (RuntimeException e) {
            leaveMonitoring(id, ws);
            throw e;
        } finally {
            group.lock.unlock();
        }
    }

    void leaveMonitoring(AssessmentId id, WsContext ws) {
        groups.computeIfPresent(id, (k, g) -> {
            g.watchers.remove(ws);
            g.ready.remove(ws);
            return g.watchers.isEmpty() ? null : g;
        });
    }

    private void requestFlush(Group group) {
        if (group.pending.compareAndSet(false, true)) {
            long wait = Math.max(0, group.lastFlushNanos + coalesceNanos - System.nanoTime());
            try {
                executor.schedule(() -> flush(group), wait, TimeUnit.NANOSECONDS);
            } catch (RuntimeException rejected) {
                group.pending.set(false);
            }
        }
    }

    private void flush(Group group) {
        // Cleared before reading: a change committed after this point schedules another flush.
        group.pending.set(false);
        group.lock.lock();
        try {
            boolean whole = group.wholeRead.getAndSet(false);
            Set<SessionId> changed = drain(group.changed);
            // Without a watcher there is no baseline to keep: the next one to join reads the whole group.
            if (group.ready.isEmpty() || (!whole && changed.isEmpty())) {
                return;
            }
            MonitoringSnapshot now = whole ? null : refresh(group, changed);
            if (now == null) {
                now = snapshot(group);
            }
            broadcastChanges(group, now);
        } catch (ExamException e) {
            if (e.code() == ErrorCode.ASSESSMENT_NOT_FOUND) {
                group.watchers.forEach(ws -> close(ws, 4404, e.code().name()));
            } else {
                LOG.warn("monitoring push of {} failed: {}", group.id, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("monitoring push of {} failed", group.id, e);
        } finally {
            group.lock.unlock();
        }
    }

    private static Set<SessionId> drain(Set<SessionId> changed) {
        Set<SessionId> taken = new HashSet<>();
        for (var it = changed.iterator(); it.hasNext(); ) {
            taken.add(it.next());
            it.remove();
        }
        return taken;
    }

    /**
     * The baseline brought up to date for the changed sessions only (two small storage reads instead of the
     * whole group), or null when that is not possible or not worth it and the whole group must be read.
     */
    private MonitoringSnapshot refresh(Group group, Set<SessionId> changed) {
        MonitoringSnapshot baseline = group.baseline;
        if (baseline == null || changed.size() > Math.max(16, baseline.sessions().size() / 4)) {
            return null;
        }
        long start = System.nanoTime();
        MonitoringSnapshot refreshed = engine.monitoring()
                .refreshMonitoringProgress(Actor.SYSTEM, baseline, changed).orElse(null);
        group.lastFlushNanos = System.nanoTime();
        if (refreshed != null) {
            metrics.snapshotComputed("changed", Duration.ofNanos(group.lastFlushNanos - start));
        }
        return refreshed;
    }

    private MonitoringSnapshot snapshot(Group group) {
        long start = System.nanoTime();
        MonitoringSnapshot snapshot = engine.monitoring()
                .getMonitoringProgress(new MonitoringQuery(Actor.SYSTEM, AssessmentRef.byId(group.id)));
        group.lastFlushNanos = System.nanoTime();
        metrics.snapshotComputed("whole", Duration.ofNanos(group.lastFlushNanos - start));
        return snapshot;
    }

    /** Sends the ready watchers what changed between the baseline and {@code now}, then moves the baseline. */
    private void broadcastChanges(Group group, MonitoringSnapshot now) {
        MonitoringSnapshot before = group.baseline;
        Map<SessionId, RowKey> keys = new HashMap<>();
        List<MonitoringRow> changed = new ArrayList<>();
        for (MonitoringRow row : now.sessions()) {
            RowKey key = RowKey.of(row);
            keys.put(row.sessionId(), key);
            if (!key.equals(group.baselineKeys.get(row.sessionId()))) {
                changed.add(row);
            }
        }
        boolean headerChanged = before == null || before.version() != now.version()
                || before.groupStatus() != now.groupStatus() || !Objects.equals(before.summary(), now.summary())
                || before.resetsAllowed() != now.resetsAllowed();
        group.baseline = now;
        group.baselineKeys = keys;
        if (before == null || (changed.isEmpty() && !headerChanged)) {
            return;
        }
        ChangesMessage message = new ChangesMessage("changes", now.assessmentId(), before.version(), now.version(),
                now.asOf(), now.groupStatus(), now.summary(), changed, now.resetsAllowed(), MonitoringRoutes.etag(now));
        // Encoded once for every watcher: each frame gets its own view of the same bytes.
        ByteBuffer utf8 = ByteBuffer.wrap(json.write(message));
        for (WsContext ws : group.ready) {
            sendEncoded(ws, CHANNEL_MONITORING, "changes", utf8.slice());
        }
    }

    // ---- session channel ------------------------------------------------------------------------------------

    private static final class SessionChannel {
        final Set<WsContext> watchers = ConcurrentHashMap.newKeySet();
        final AtomicBoolean pending = new AtomicBoolean();
        final ReentrantLock lock = new ReentrantLock();
        final SessionId id;
        final Actor owner;

        SessionChannel(SessionId id, Actor owner) {
            this.id = id;
            this.owner = owner;
        }
    }

    /**
     * Adds a watcher of one session for {@code actor} and sends it the current status.
     *
     * @throws ExamException when {@code actor} may not read the session (another worker's: not found)
     */
    void joinSession(SessionId id, Actor actor, WsContext ws) {
        SessionCommand read = new SessionCommand(actor, id);
        // Refused before the watcher is added, so that a channel only ever belongs to one who may read it.
        engine.checkExamStatus().checkExamStatus(read);
        SessionChannel channel = sessions.compute(id, (k, c) -> {
            SessionChannel target = c == null ? new SessionChannel(k, actor) : c;
            target.watchers.add(ws);
            return target;
        });
        // The status sent is read once the watcher is in the channel and under the channel's lock: a change
        // made before this read is in it, and a change made after it is pushed after it.
        channel.lock.lock();
        try {
            SessionStatusView view = engine.checkExamStatus().checkExamStatus(read);
            send(ws, CHANNEL_SESSION, "sessionStatus", new SessionStatusMessage("sessionStatus", view));
        } catch (RuntimeException e) {
            leaveSession(id, ws);
            throw e;
        } finally {
            channel.lock.unlock();
        }
    }

    void leaveSession(SessionId id, WsContext ws) {
        sessions.computeIfPresent(id, (k, c) -> {
            c.watchers.remove(ws);
            return c.watchers.isEmpty() ? null : c;
        });
    }

    private void requestPush(SessionChannel channel) {
        if (channel.pending.compareAndSet(false, true)) {
            try {
                executor.execute(() -> pushStatus(channel));
            } catch (RuntimeException rejected) {
                channel.pending.set(false);
            }
        }
    }

    private void pushStatus(SessionChannel channel) {
        channel.pending.set(false);
        channel.lock.lock();
        try {
            SessionStatusView view = engine.checkExamStatus()
                    .checkExamStatus(new SessionCommand(channel.owner, channel.id));
            String text = json.writeString(new SessionStatusMessage("sessionStatus", view));
            channel.watchers.forEach(ws -> sendText(ws, CHANNEL_SESSION, "sessionStatus", text));
        } catch (RuntimeException e) {
            LOG.warn("session push of {} failed: {}", channel.id, e.getMessage());
        } finally {
            channel.lock.unlock();
        }
    }

    // ---- sending --------------------------------------------------------------------------------------------

    private void send(WsContext ws, String channel, String type, Object message) {
        sendText(ws, channel, type, json.writeString(message));
    }

    private void sendText(WsContext ws, String channel, String type, String text) {
        try {
            if (ws.session.isOpen()) {
                // A failed or refused write (e.g. too many frames queued for a slow client) must not leave a
                // watcher silently behind: closing makes it reconnect with its last version.
                ws.session.sendText(text, Callback.from(() -> { }, failure -> ws.session.disconnect()));
                metrics.pushMessage(channel, type);
            }
        } catch (RuntimeException e) {
            LOG.debug("push to a closing socket dropped", e);
        }
    }

    /**
     * Sends a text frame whose UTF-8 payload is already encoded; {@link #sendText} would encode the same text
     * again for each of a group's watchers.
     */
    private void sendEncoded(WsContext ws, String channel, String type, ByteBuffer utf8) {
        if (!(ws.session instanceof WebSocketSession jetty)) {
            sendText(ws, channel, type, StandardCharsets.UTF_8.decode(utf8).toString());
            return;
        }
        try {
            if (jetty.isOpen()) {
                jetty.getCoreSession().sendFrame(new Frame(OpCode.TEXT, true, utf8),
                        org.eclipse.jetty.util.Callback.from(() -> { }, failure -> jetty.disconnect()), false);
                metrics.pushMessage(channel, type);
            }
        } catch (RuntimeException e) {
            LOG.debug("push to a closing socket dropped", e);
        }
    }

    private static void close(WsContext ws, int code, String reason) {
        try {
            ws.closeSession(code, reason);
        } catch (RuntimeException ignored) {
            // The socket is already gone; nothing to tell.
        }
    }

    int watcherCount() {
        return groups.values().stream().mapToInt(g -> g.watchers.size()).sum()
                + sessions.values().stream().mapToInt(s -> s.watchers.size()).sum();
    }
}
