package org.examengine.loadtest;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * HC watchers of the warm-up's assessment on the push channel, so that the server's push path (snapshots, changes
 * of the saved rows, WebSocket frames) is compiled before the measured scenarios, as on a server where HC has
 * been watching other groups. They read and drop every message; nothing of theirs is measured. A watcher that
 * cannot connect is left out: the warm-up is not part of the results.
 */
final class WarmupWatchers implements AutoCloseable {

    private final List<WebSocket> sockets = new ArrayList<>();

    private WarmupWatchers() {
    }

    static WarmupWatchers open(int port, ExamFixture exam, int count) {
        WarmupWatchers watchers = new WarmupWatchers();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < count; i++) {
            try {
                watchers.sockets.add(exam.watch(client, port, new Dropping()));
            } catch (Exception e) {
                // Not measured: a missing watcher only warms the push path a little less.
            }
        }
        return watchers;
    }

    @Override
    public void close() {
        sockets.forEach(WebSocket::abort);
    }

    private static final class Dropping implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }
    }
}
