package org.examengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows one assessment through the server's monitoring WebSocket: a snapshot, then changes applied by version;
 * after a lost connection it reconnects with {@code since=<version>&tag=<tag>} and backoff. Between messages the
 * remaining times of running sessions count down locally from the last server value.
 */
final class LiveMonitor {

    private static final TypeReference<List<MonitoringRow>> ROWS = new TypeReference<>() { };

    /** How long the feed may stay lost before the monitor gives up rather than show a stale table: 60 s. */
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ApiClient api;
    private final String assessmentId;
    private MonitoringSnapshot last;
    // The tag of the view in last, sent with its version on a reconnect so that any server can answer "resumed".
    private String lastTag;
    private final Map<SessionId, MonitoringRow> rows = new LinkedHashMap<>();
    private long receivedNanos;

    LiveMonitor(ApiClient api, String assessmentId) {
        this.api = api;
        this.assessmentId = assessmentId;
    }

    /**
     * Draws every second and after every message until the group is Closed.
     *
     * @throws UncheckedIOException when the first connection cannot be made
     */
    void run(Consumer<MonitoringSnapshot> draw) throws InterruptedException {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        WebSocket socket = connect(inbox, true);
        long backoff = 500;
        long lostSince = 0;
        while (true) {
            Object item = inbox.poll(1, TimeUnit.SECONDS);
            if (item instanceof JsonNode message) {
                apply(message);
                backoff = 500;
                lostSince = 0;
            } else if (item instanceof Throwable lost) {
                refusedForGood(lost);
                lostSince = lostSince == 0 ? System.nanoTime() : lostSince;
                if (System.nanoTime() - lostSince > GIVE_UP_NANOS) {
                    String why = "lost the live feed of " + assessmentId + " for "
                            + TimeUnit.NANOSECONDS.toSeconds(GIVE_UP_NANOS) + " s: " + describe(lost);
                    // The message is the innermost cause's, as for every connection failure.
                    throw new ApiClient.Unreachable(why, new IOException(why));
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
                socket = connect(inbox, false);
            }
            if (last != null) {
                MonitoringSnapshot now = current();
                draw.accept(now);
                if (now.groupStatus() == GroupStatus.CLOSED) {
                    if (socket != null) {
                        socket.abort();
                    }
                    return;
                }
            }
        }
    }

    /**
     * Ends the monitor when the server closed the feed or refused it again for a reason that a retry cannot mend:
     * the token was revoked or has expired, the caller may not watch, the assessment is gone.
     */
    private void refusedForGood(Throwable lost) {
        int status = 0;
        String why = describe(lost);
        if (lost instanceof Closed closed && closed.code >= 4400 && closed.code < 4500) {
            status = closed.code - 4000;
        } else if (lost instanceof ExecutionException e && e.getCause() instanceof WebSocketHandshakeException h) {
            status = h.getResponse().statusCode();
        }
        if (status == 401 || status == 403 || status == 404) {
            throw new ApiClient.RemoteFailure(status, null, "the live feed of " + assessmentId + " was refused: "
                    + why);
        }
    }

    private static String describe(Throwable lost) {
        Throwable shown = lost instanceof ExecutionException && lost.getCause() != null ? lost.getCause() : lost;
        return shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
    }

    /** The server closed the socket, with its close code. */
    private static final class Closed extends IOException {
        final int code;

        Closed(int code, String reason) {
            super("closed " + code + " " + reason);
            this.code = code;
        }
    }

    private WebSocket connect(BlockingQueue<Object> inbox, boolean first) {
        String since = last == null ? "" : "?since=" + last.version()
                + (lastTag == null ? "" : "&tag=" + URLEncoder.encode(lastTag, StandardCharsets.UTF_8));
        URI uri = URI.create(api.base().replaceFirst("^http", "ws") + "/ws/assessments/"
                + ApiClient.segment(assessmentId) + "/monitoring" + since);
        try {
            return api.http().newWebSocketBuilder().header("Authorization", "Bearer " + api.token())
                    .connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new Listener(inbox))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (first) {
                IOException io = e.getCause() instanceof IOException cause ? cause : new IOException(e);
                if (io instanceof WebSocketHandshakeException refused) {
                    throw new ApiClient.RemoteFailure(refused.getResponse().statusCode(), null,
                            "the live feed at " + uri + " was refused");
                }
                throw new ApiClient.Unreachable("cannot open the live feed at " + uri, io);
            }
            inbox.add(e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void apply(JsonNode message) {
        try {
            switch (message.path("type").asText()) {
                case "snapshot" -> {
                    last = Output.JSON.treeToValue(message, MonitoringSnapshot.class);
                    rows.clear();
                    last.sessions().forEach(r -> rows.put(r.sessionId(), r));
                    lastTag = message.path("tag").asText(null);
                    receivedNanos = System.nanoTime();
                }
                case "changes" -> {
                    if (last == null || message.path("version").asLong() < last.version()) {
                        return;
                    }
                    for (MonitoringRow r : Output.JSON.convertValue(message.get("sessions"), ROWS)) {
                        rows.put(r.sessionId(), r);
                    }
                    Map<SessionStatus, Integer> summary = Output.JSON.convertValue(message.get("summary"),
                            new TypeReference<Map<SessionStatus, Integer>>() { });
                    last = new MonitoringSnapshot(last.assessmentId(), last.title(), last.category(),
                            last.scheduleDate(), Output.groupStatus(message.path("groupStatus").asText()),
                            message.path("version").asLong(), Instant.parse(message.path("asOf").asText()), summary,
                            List.copyOf(rows.values()), message.path("resetsAllowed").asBoolean(last.resetsAllowed()));
                    lastTag = message.path("tag").asText(null);
                    receivedNanos = System.nanoTime();
                }
                default -> {
                    // "resumed" and "pong" change nothing shown.
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("unexpected push message: " + e.getMessage(), e);
        }
    }

    /** The last state with remaining times counted down since it arrived. */
    private MonitoringSnapshot current() {
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - receivedNanos);
        List<MonitoringRow> shown = new ArrayList<>();
        for (MonitoringRow r : rows.values()) {
            Long remaining = r.remainingSeconds();
            if (remaining != null && r.status() == SessionStatus.IN_PROGRESS) {
                remaining = Math.max(0, remaining - elapsed);
            }
            shown.add(new MonitoringRow(r.sessionId(), r.name(), r.status(), r.progress(), r.totalQuestions(),
                    r.score(), r.result(), remaining, r.startedAt(), r.completedAt(), r.online(), r.version(),
                    r.extraTimeSeconds(), r.creditedSeconds(), r.lastSeenAt()));
        }
        shown.sort(MonitoringRow.DISPLAY_ORDER);
        return new MonitoringSnapshot(last.assessmentId(), last.title(), last.category(), last.scheduleDate(),
                last.groupStatus(), last.version(), last.asOf(), last.summary(), shown, last.resetsAllowed());
    }

    /** Collects whole text messages; a closed or failed socket is reported as a Throwable. */
    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<Object> inbox;
        private final StringBuilder partial = new StringBuilder();

        Listener(BlockingQueue<Object> inbox) {
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(Output.JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    inbox.add(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inbox.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inbox.add(error);
        }
    }
}
