package org.examengine.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many HTTP/1.1 keep-alive connections driven from one thread with non-blocking sockets: each connection has one
 * request in flight and sends its next one as soon as the answer is read, the way wrk drives a server. One thread
 * instead of a thread per connection keeps the load generator's share of the CPU it shares with the server small,
 * and spares the server the wake-ups of as many generator threads as connections.
 *
 * <p>A connection that has to be opened again (the server closed it, or a request on it failed) reconnects without
 * blocking: its next request waits for the connection, the other connections go on meanwhile.
 */
final class HttpLoop {

    /** One request: a JSON body (or null) sent with a bearer token (or null). */
    record Request(String method, String path, String bearer, String body) {
    }

    /** What one connection sends, one request at a time, and what it does with the answers. */
    interface Exchange {

        /** The next request, or null when this connection has nothing more to send. */
        Request next();

        /** The answer to the request last sent, with when it was sent and when it was read. */
        void answered(HttpConnection.Response response, long sentAtNanos, long answeredAtNanos);

        /**
         * The request last written got no answer (the connection is opened anew for the next one), or the
         * connection could not be opened again, after a failure or an answer that closed it (it then sends nothing
         * more).
         */
        void failed(IOException error);
    }

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final InetSocketAddress address;
    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private int inFlight;
    private int connecting;

    private HttpLoop(String host, int port) throws IOException {
        this.address = new InetSocketAddress(host, port);
        this.selector = Selector.open();
    }

    /**
     * Runs the exchanges, one connection each, until {@code endNanos} ({@link System#nanoTime()}); requests in
     * flight then are still answered (for at most 30 s more), no new ones are sent.
     */
    static void run(String host, int port, List<? extends Exchange> exchanges, long endNanos) throws IOException {
        connect(host, port, exchanges).drive(endNanos);
    }

    /**
     * Opens one connection for each exchange, without sending anything yet: connecting many at once can take a
     * second or more when the server's accept queue overflows and a connection waits for its SYN to be sent again,
     * time that a measurement should not count.
     */
    static HttpLoop connect(String host, int port, List<? extends Exchange> exchanges) throws IOException {
        HttpLoop loop = new HttpLoop(host, port);
        try {
            byte[] hostHeader = HttpConnection.hostHeader(host, port);
            for (Exchange e : exchanges) {
                Connection c = new Connection(e, hostHeader);
                loop.connections.add(c);
                loop.open(c);
            }
            return loop;
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    /**
     * Runs the exchanges on the connections {@link #connect} opened until {@code endNanos}, as {@link #run} does,
     * then closes them.
     */
    void drive(long endNanos) throws IOException {
        try {
            for (Connection c : connections) {
                try {
                    send(c, endNanos);
                } catch (IOException e) {
                    fail(c, e);
                }
            }
            turn(endNanos);
        } finally {
            close();
        }
    }

    private void turn(long endNanos) throws IOException {
        long giveUp = endNanos + DRAIN_NANOS;
        while (inFlight > 0 || connecting > 0) {
            long now = System.nanoTime();
            if (now >= giveUp) {
                return;
            }
            long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis((now < endNanos ? endNanos : giveUp) - now));
            selector.select(key -> ready((Connection) key.attachment(), key, endNanos), waitMillis);
        }
    }

    private void ready(Connection c, SelectionKey key, long endNanos) {
        if (c.connecting) {
            connected(c, endNanos);
            return;
        }
        try {
            if (key.isWritable()) {
                write(c);
            }
            if (key.isReadable()) {
                read(c, endNanos);
            }
        } catch (IOException e) {
            fail(c, e);
            reopen(c);
        }
    }

    /** A connection opened again has connected, or could not: it sends its next request, or is given up. */
    private void connected(Connection c, long endNanos) {
        try {
            if (!c.channel.finishConnect()) {
                return;
            }
            c.key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            connecting--;
            c.connecting = false;
            gaveUp(c, e);
            return;
        }
        connecting--;
        c.connecting = false;
        try {
            send(c, endNanos);
        } catch (IOException e) {
            fail(c, e);
            reopen(c);
        }
    }

    /** The request in flight on {@code c}, if any, is given up. */
    private void fail(Connection c, IOException e) {
        if (c.busy) {
            done(c);
            c.exchange.failed(e);
        }
    }

    private void done(Connection c) {
        c.busy = false;
        inFlight--;
    }

    private void read(Connection c, long endNanos) throws IOException {
        ByteBuffer space = c.reader.space();
        int n = c.channel.read(space);
        boolean ended = n < 0;
        if (!ended) {
            c.reader.received(n);
        }
        HttpConnection.Response response = c.reader.next(ended);
        if (response == null) {
            return;
        }
        long now = System.nanoTime();
        done(c);
        c.exchange.answered(response, c.sentAt, now);
        if (c.reader.closeAfter()) {
            reopen(c);
            return;
        }
        send(c, endNanos);
    }

    private void send(Connection c, long endNanos) throws IOException {
        if (System.nanoTime() >= endNanos) {
            return;
        }
        Request r = c.exchange.next();
        if (r == null) {
            return;
        }
        c.request.reset();
        HttpConnection.request(c.request, c.hostHeader, r.method(), r.path(), r.bearer(), null, r.body());
        c.pending = ByteBuffer.wrap(c.request.toByteArray());
        c.busy = true;
        inFlight++;
        c.sentAt = System.nanoTime();
        write(c);
    }

    private void write(Connection c) throws IOException {
        c.channel.write(c.pending);
        c.key.interestOps(c.pending.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ
                : SelectionKey.OP_READ);
    }

    private void open(Connection c) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.socket().connect(address, 5_000);
        channel.configureBlocking(false);
        c.channel = channel;
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
        c.reader.reset();
    }

    /**
     * Closes {@code c} and starts opening it again without waiting: its next request is sent once it has connected
     * ({@link #connected}). A connection that cannot be opened is given up, and reported.
     */
    private void reopen(Connection c) {
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // It is being replaced; what matters is whether the new one opens.
        }
        try {
            SocketChannel channel = SocketChannel.open();
            c.channel = channel;
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            c.reader.reset();
            // Connected at once (as loopback may be) or not, the next request is sent from the selector's loop.
            boolean now = channel.connect(address);
            c.key = channel.register(selector, now ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
            c.connecting = true;
            connecting++;
        } catch (IOException e) {
            gaveUp(c, e);
        }
    }

    /** {@code c} could not be opened again: nothing is in flight on it, and it sends nothing more. */
    private void gaveUp(Connection c, IOException e) {
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // Already broken.
        }
        c.exchange.failed(e);
    }

    private void close() throws IOException {
        for (Connection c : connections) {
            if (c.channel != null) {
                c.channel.close();
            }
        }
        selector.close();
    }

    private static final class Connection {
        final Exchange exchange;
        final byte[] hostHeader;
        final ResponseReader reader = new ResponseReader();
        final ByteArrayOutputStream request = new ByteArrayOutputStream(512);
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer pending;
        boolean busy;
        boolean connecting;
        long sentAt;

        Connection(Exchange exchange, byte[] hostHeader) {
            this.exchange = exchange;
            this.hostHeader = hostHeader;
        }
    }
}
