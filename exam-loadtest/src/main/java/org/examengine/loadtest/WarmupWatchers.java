package org.examengine.loadtest;

/**
 * HC watchers of the warm-up's assessment on the push channel, so that the server's push path (snapshots, changes
 * of the saved rows, WebSocket frames) is compiled before the measured scenarios, as on a server where HC has
 * been watching other groups. They read and drop every message; nothing of theirs is measured. A watcher that
 * cannot connect is left out: the warm-up is not part of the results.
 */
final class WarmupWatchers implements AutoCloseable {

    private final PushClient client = PushClient.start();

    private WarmupWatchers() {
    }

    static WarmupWatchers open(int port, ExamFixture exam, int count) {
        WarmupWatchers watchers = new WarmupWatchers();
        for (int i = 0; i < count; i++) {
            try {
                exam.watch(watchers.client, port, new Dropping());
            } catch (Exception e) {
                // Not measured: a missing watcher only warms the push path a little less.
            }
        }
        return watchers;
    }

    @Override
    public void close() {
        client.close();
    }

    /** Reads every message and drops it. */
    private static final class Dropping implements PushClient.Watcher {
    }
}
