package org.examengine.loadtest;

import org.eclipse.jetty.websocket.api.Session;

/**
 * Hands what Jetty's WebSocket client receives on one connection to a {@link PushClient.Watcher}: whole messages,
 * one at a time, the next asked for once the last is handled. Public, as Jetty reaches a listener's methods
 * through a public lookup; the watchers behind it need not be.
 */
public final class PushListener implements Session.Listener.AutoDemanding {

    private final PushClient.Watcher watcher;

    PushListener(PushClient.Watcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        watcher.opened();
    }

    @Override
    public void onWebSocketText(String message) {
        watcher.message(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        watcher.closed(statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable error) {
        watcher.failed(error);
    }
}
