package org.examengine.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The WebSocket client of the harness's HC watchers (Jetty's): it connects watchers to the push channel and, when
 * closed, drops every connection it made. Jetty's rather than the JDK's, as the JDK 17 client now and then
 * misreads a large message (a group's snapshot of about 250 KB) and fails the connection with a
 * {@code ProtocolException} although the frames are sound (docs/benchmarks.md).
 */
final class PushClient implements AutoCloseable {

    /** The largest message a watcher accepts: far above a 5,000-session snapshot. */
    private static final long MAX_MESSAGE_BYTES = 64L << 20;

    /** What a watcher does with its connection's events; every method is called on one connection at a time. */
    interface Watcher {
        default void opened() {
        }

        default void message(String text) {
        }

        default void closed(int statusCode, String reason) {
        }

        default void failed(Throwable error) {
        }
    }

    private final WebSocketClient client = new WebSocketClient();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    private PushClient() {
    }

    static PushClient start() {
        PushClient push = new PushClient();
        push.client.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        push.client.setIdleTimeout(Duration.ofMinutes(30));
        push.client.setConnectTimeout(TimeUnit.SECONDS.toMillis(10));
        try {
            push.client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket client: " + e, e);
        }
        return push;
    }

    /** Connects {@code watcher} to {@code uri} with HC's bearer token, waiting up to 15 s for the upgrade. */
    Session connect(URI uri, String bearerToken, Watcher watcher) throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.setHeader("Authorization", "Bearer " + bearerToken);
        Session session = client.connect(new PushListener(watcher), uri, request).get(15, TimeUnit.SECONDS);
        sessions.add(session);
        return session;
    }

    /** How many watchers are connected through this client. */
    int connected() {
        return sessions.size();
    }

    @Override
    public void close() {
        sessions.forEach(Session::disconnect);
        try {
            client.stop();
        } catch (Exception e) {
            // Every connection is dropped already; a client that does not stop cleanly holds nothing of the run.
        }
    }
}
