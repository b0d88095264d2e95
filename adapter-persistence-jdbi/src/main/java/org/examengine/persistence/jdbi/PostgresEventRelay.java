package org.examengine.persistence.jdbi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.port.out.ExamEventPublisher;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.SessionId;
import org.examengine.schema.ExamSchema;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries committed changes between server nodes that share one PostgreSQL database, with
 * {@code LISTEN/NOTIFY}. Give it to the engine as its event publisher and give it the node's own publisher
 * (the live push) as {@code local}:
 *
 * <pre>{@code
 * PostgresEventRelay relay = PostgresEventRelay.start(url, user, password, livePush);
 * ExamEngine engine = ExamEngine.builder().storage(storage).events(relay).build();
 * }</pre>
 *
 * <p>An event published on this node reaches {@code local} at once, on the caller's thread, and is sent to
 * the other nodes by a background thread; events from other nodes reach {@code local} on the relay's
 * listening thread. A node never receives its own events twice. The sending thread takes every event queued
 * since its last send and sends them together, as a few notifications (one event per line, each under
 * PostgreSQL's payload limit) in one transaction that does not wait for its WAL flush ({@code synchronous_commit}
 * off on that connection: a notification is not data). So a burst of saves costs the database one quick commit,
 * not a durable commit per save. Every node must run a version that sends and reads this format.
 *
 * <p>Notifications are a best effort: events sent while a node is disconnected are not replayed to it, a send
 * that fails twice is dropped (logged), and so is what arrives while {@value #MAX_QUEUED_EVENTS} events wait to
 * be sent. Live watchers survive a missed event: every node re-reads its watched groups every few seconds
 * ({@code pushRefresh}), every push message carries the group version, and a reconnecting watcher gets a fresh
 * snapshot. The relay holds two connections of its own (one to listen, one to notify), outside the storage's
 * pool, and reconnects after a failure.
 *
 * <p>{@link #close()} sends what is still queued (waiting up to {@value #CLOSE_WAIT_MILLIS} ms for it), stops both
 * threads and closes their connections.
 */
public final class PostgresEventRelay implements ExamEventPublisher, AutoCloseable {

    /** The notification channel. */
    static final String CHANNEL = "exam_events";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresEventRelay.class);
    private static final int POLL_MILLIS = 250;
    /**
     * How often the listening connection is asked a trivial query: waiting for notifications never writes to the
     * socket, so a flow dropped silently (a firewall, a NAT) would leave this node deaf without an error.
     */
    static final long CHECK_MILLIS = 5_000;
    /** A read on a relay connection that gets no byte for this long fails, and the relay reconnects. */
    static final int SOCKET_TIMEOUT_SECONDS = 10;

    /** The most bytes of events in one notification (PostgreSQL refuses a payload of 8,000 bytes or more). */
    static final int MAX_PAYLOAD_BYTES = 7_000;

    /** The most events one send takes from the queue. */
    static final int MAX_EVENTS_PER_SEND = 2_000;

    /** The most events waiting to be sent; past it, new events are not sent to other nodes (and counted). */
    static final int MAX_QUEUED_EVENTS = 100_000;

    /** How long {@link #close()} waits for the queue to be sent. */
    static final long CLOSE_WAIT_MILLIS = 2_000;

    private final String url;
    private final String user;
    private final String password;
    private final ExamEventPublisher local;
    private final String nodeId = UUID.randomUUID().toString();
    private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>(MAX_QUEUED_EVENTS);
    private final AtomicLong dropped = new AtomicLong();
    private Thread sender;
    private Thread listener;
    private volatile boolean running = true;

    private PostgresEventRelay(String url, String user, String password, ExamEventPublisher local) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.local = local;
    }

    /**
     * Connects, starts listening and returns the running relay.
     *
     * @throws IllegalStateException when the first connection cannot be made
     */
    public static PostgresEventRelay start(String jdbcUrl, String user, String password, ExamEventPublisher local) {
        PostgresEventRelay relay = new PostgresEventRelay(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password,
                Objects.requireNonNull(local, "local"));
        Connection first;
        try {
            first = relay.listen(relay.connect());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen on " + jdbcUrl.replaceFirst("\\?.*", "") + ": "
                    + e.getMessage(), e);
        }
        // The first connection is already listening when start returns, so no notification falls in a gap.
        relay.listener = daemon(() -> relay.listenLoop(first), "exam-relay-listen");
        relay.listener.start();
        relay.sender = daemon(relay::sendLoop, "exam-relay-notify");
        relay.sender.start();
        return relay;
    }

    @Override
    public void publish(ExamEvent event) {
        local.publish(event);
        if (running && !outbox.offer(encode(event)) && dropped.getAndIncrement() % 10_000 == 0) {
            LOG.warn("{} events waiting to be sent to other nodes; new ones are not sent ({} so far)",
                    MAX_QUEUED_EVENTS, dropped.get());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join(CLOSE_WAIT_MILLIS);
            if (sender.isAlive()) {
                // Still sending (a slow or unreachable database): what is left is dropped, the connection closed.
                sender.interrupt();
                sender.join(CLOSE_WAIT_MILLIS);
            }
            listener.join(2 * POLL_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends what is queued, in batches, until closed and the queue is empty or the thread is interrupted; owns the
     * notifying connection and closes it when it ends.
     */
    private void sendLoop() {
        List<String> batch = new ArrayList<>();
        Connection connection = null;
        try {
            while (running || !outbox.isEmpty()) {
                String first = outbox.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, MAX_EVENTS_PER_SEND - 1);
                try {
                    connection = notifyOthers(connection, batch);
                } catch (RuntimeException e) {
                    // Whatever went wrong must not end the thread: later events still go out.
                    LOG.warn("could not notify other nodes of {} changes", batch.size(), e);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(connection);
        }
    }

    /**
     * The events as notification payloads: one event per line, each payload at most {@link #MAX_PAYLOAD_BYTES}
     * (an event is far shorter: ids are at most 100 characters).
     */
    static List<String> payloads(List<String> events) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (String event : events) {
            // Events are ASCII (ids allow only A-Z a-z 0-9 . _ : - @), so a char is a byte.
            if (payload.length() > 0 && payload.length() + 1 + event.length() > MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            if (payload.length() > 0) {
                payload.append('\n');
            }
            payload.append(event);
        }
        if (payload.length() > 0) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /** Sends the events in one transaction, again on a new connection once; answers the connection to keep. */
    private Connection notifyOthers(Connection connection, List<String> events) {
        List<String> payloads = payloads(events);
        Connection current = connection;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                if (current == null || current.isClosed()) {
                    current = connectForNotifying();
                }
                try (PreparedStatement st = current.prepareStatement("SELECT pg_notify(?, ?)")) {
                    for (String payload : payloads) {
                        st.setString(1, CHANNEL);
                        st.setString(2, payload);
                        st.execute();
                    }
                }
                current.commit();
                return current;
            } catch (SQLException e) {
                closeQuietly(current);
                current = null;
                if (attempt == 2) {
                    LOG.warn("could not notify other nodes of {} changes: {}", events.size(), e.getMessage());
                }
            }
        }
        return null;
    }

    /** A connection whose transactions do not wait for their WAL flush, committed by the caller. */
    private Connection connectForNotifying() throws SQLException {
        Connection connection = connect();
        try (Statement st = connection.createStatement()) {
            st.execute("SET synchronous_commit TO off");
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    private void listenLoop(Connection first) {
        long backoff = 100;
        Connection next = first;
        while (running) {
            try (Connection connection = next != null ? next : listen(connect())) {
                next = null;
                backoff = 100;
                PGConnection pg = connection.unwrap(PGConnection.class);
                long checked = System.nanoTime();
                while (running) {
                    if (System.nanoTime() - checked > TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                        // Fails after the socket timeout when the flow went silent; the catch reconnects.
                        try (Statement st = connection.createStatement()) {
                            st.execute("SELECT 1");
                        }
                        checked = System.nanoTime();
                    }
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        deliver(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                next = null;
                if (running) {
                    LOG.warn("lost the change feed from other nodes, reconnecting: {}", e.getMessage());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }
    }

    /** Starts listening on {@code connection}; closes it when that fails (a standby refuses LISTEN). */
    private Connection listen(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return connection;
    }

    /** Delivers the events of one notification: one per line. */
    private void deliver(String payload) {
        for (String event : payload.split("\n")) {
            deliverOne(event);
        }
    }

    private void deliverOne(String event) {
        String[] parts = event.split("\\|", -1);
        if (parts.length != 5 || parts[0].equals(nodeId)) {
            return;
        }
        try {
            local.publish(new ExamEvent(ExamEvent.Type.valueOf(parts[1]), AssessmentId.of(parts[2]),
                    parts[3].isEmpty() ? null : SessionId.of(parts[3]), Instant.parse(parts[4])));
        } catch (RuntimeException e) {
            LOG.warn("ignored a malformed change notification: {}", e.getMessage());
        }
    }

    /** Ids allow only {@code A-Z a-z 0-9 . _ : - @}, so '|' separates fields unambiguously. */
    private String encode(ExamEvent e) {
        return nodeId + "|" + e.type().name() + "|" + e.assessmentId().value() + "|"
                + (e.sessionId() == null ? "" : e.sessionId().value()) + "|" + e.at();
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        ExamSchema.POSTGRES_CONNECTION_PROPERTIES.forEach(properties::setProperty);
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a broken connection can fail; there is nothing left to release.
            }
        }
    }
}
