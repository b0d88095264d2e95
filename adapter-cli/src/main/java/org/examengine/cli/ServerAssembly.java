package org.examengine.cli;

import java.util.function.UnaryOperator;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.out.ExamEventPublisher;
import org.examengine.http.ExamHttpServer;
import org.examengine.http.WebSocketMonitoringPublisher;
import org.examengine.persistence.jdbi.JdbiExamStorage;
import org.examengine.persistence.jdbi.PostgresEventRelay;

/**
 * One server node: storage (migrated), the engine with tokens in the same database, live push, and on
 * PostgreSQL a LISTEN/NOTIFY relay so that changes made on any node reach the watchers of every node.
 * {@link #close()} stops the server, the relay and the storage, in that order.
 */
final class ServerAssembly implements AutoCloseable {

    final JdbiExamStorage storage;
    final ExamEngine engine;
    final ExamHttpServer server;
    private final PostgresEventRelay relay;
    private final String host;

    private ServerAssembly(JdbiExamStorage storage, ExamEngine engine, ExamHttpServer server,
                           PostgresEventRelay relay, String host) {
        this.host = host;
        this.storage = storage;
        this.engine = engine;
        this.server = server;
        this.relay = relay;
    }

    /** Opens the database, builds the engine and starts the server; nothing is left open when it throws. */
    static ServerAssembly start(StorageOptions options, String host, int port) {
        return start(options, host, port, UnaryOperator.identity());
    }

    /** As {@link #start(StorageOptions, String, int)}, with further server settings. */
    static ServerAssembly start(StorageOptions options, String host, int port,
                                UnaryOperator<ExamHttpServer.Builder> settings) {
        JdbiExamStorage storage = options.open();
        PostgresEventRelay relay = null;
        try {
            WebSocketMonitoringPublisher live = new WebSocketMonitoringPublisher();
            ExamEventPublisher events = live;
            if (options.db.startsWith("jdbc:postgresql:")) {
                relay = PostgresEventRelay.start(options.db, options.user, options.password, live);
                events = relay;
            }
            ExamEngine engine = ExamEngine.builder().storage(storage).tokens(storage.tokens()).events(events).build();
            ExamHttpServer server = settings.apply(ExamHttpServer.builder(engine).liveUpdates(live).host(host)
                    .port(port)).build();
            try {
                server.start();
            } catch (RuntimeException e) {
                throw new CannotListen(host, port, e);
            }
            return new ServerAssembly(storage, engine, server, relay, host);
        } catch (RuntimeException e) {
            if (relay != null) {
                relay.close();
            }
            storage.close();
            throw e;
        }
    }

    /** The server could not listen on its address: a port already taken, a host that does not resolve. */
    static final class CannotListen extends RuntimeException {
        CannotListen(String host, int port, RuntimeException cause) {
            super("cannot listen on " + host + ":" + port + ": " + ExitCodes.message(cause), cause);
        }
    }

    /** The address to reach this node from the same machine. */
    String baseUrl() {
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        return "http://" + (wildcard ? "127.0.0.1" : host) + ":" + server.port();
    }

    @Override
    public void close() {
        server.stop();
        if (relay != null) {
            relay.close();
        }
        storage.close();
    }
}
