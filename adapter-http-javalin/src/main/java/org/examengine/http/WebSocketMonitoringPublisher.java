package org.examengine.http;

import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.port.out.ExamEventPublisher;

/**
 * Live push for the HTTP server: receives the engine's committed changes and forwards them to the WebSocket
 * watchers of {@link ExamHttpServer}. Create it first, hand it to the engine, then to the server:
 *
 * <pre>{@code
 * WebSocketMonitoringPublisher live = new WebSocketMonitoringPublisher();
 * ExamEngine engine = ExamEngine.builder().storage(storage).tokens(tokens).events(live).build();
 * ExamHttpServer server = ExamHttpServer.builder(engine).liveUpdates(live).build().start();
 * }</pre>
 *
 * <p>{@link #publish} only marks the affected channels dirty and returns: it never blocks and never throws,
 * as the engine requires of a publisher. Events arriving while no server is running, or for assessments and
 * sessions nobody watches, are dropped at once. Every pushed message is recomputed from storage, so an event
 * delivered twice, late, or without its details costs one extra read and never a wrong message; this makes the
 * publisher safe to feed from a relay that forwards the events of other server nodes (for example PostgreSQL
 * LISTEN/NOTIFY): call {@link #publish} with each relayed event. One publisher serves one server at a time.
 */
public final class WebSocketMonitoringPublisher implements ExamEventPublisher {

    private volatile PushHub hub;

    @Override
    public void publish(ExamEvent event) {
        PushHub current = hub;
        if (current != null && event != null) {
            current.onEvent(event);
        }
    }

    /** Connects the running server's channels; events before this are dropped. */
    synchronized void attach(PushHub target) {
        if (hub != null) {
            throw new IllegalStateException("this publisher already feeds a running server");
        }
        hub = target;
    }

    synchronized void detach(PushHub target) {
        if (hub == target) {
            hub = null;
        }
    }
}
