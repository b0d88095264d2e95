package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionsClosedByTheServerReconnectWithoutStallingTheOthersTest {

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    // Permits to accept: the server accepts only while the test lets it.
    private final Semaphore accepting = new Semaphore(0);
    private final AtomicInteger accepted = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        accepting.release(1_000);
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void aConnectionTheServerClosesIsOpenedAgainAndGoesOn() throws Exception {
        Counting closing = new Counting("/close", 20, null);
        Counting keeping = new Counting("/keep", 20, null);
        start(50, 1_000);

        HttpLoop.run("127.0.0.1", server.getLocalPort(), List.of(closing, keeping), deadline(10));

        assertAnswered(closing, 20, 0);
        assertAnswered(keeping, 20, 0);
        // The second kept its connection; the first was opened again after each close (19 times at least, the
        // last reopening having nothing more to send).
        assertThat(accepted.get()).isGreaterThanOrEqualTo(2 + 19);
    }

    @Test
    void aConnectionThatCannotBeOpenedAgainIsReportedOnceAndTheOthersGoOn() throws Exception {
        start(50, 2);
        Counting closing = new Counting("/close", 5, null);
        Counting keeping = new Counting("/keep", 200, null);

        HttpLoop loop = HttpLoop.connect("127.0.0.1", server.getLocalPort(), List.of(closing, keeping));
        awaitAccepted(2);
        server.close();
        loop.drive(deadline(10));

        assertAnswered(closing, 1, 1);
        assertAnswered(keeping, 200, 0);
    }

    @Test
    void theOtherConnectionsAreAnsweredWhileOneWaitsToConnect() throws Exception {
        // A backlog of one: once two connections wait to be accepted, the kernel drops further SYNs, and a new
        // connection waits for its SYN to be sent again (a second on Linux), as under an overflowing accept queue.
        start(1, 2);
        CountDownLatch reopening = new CountDownLatch(1);
        Counting closing = new Counting("/close", 3, reopening);
        Counting keeping = new Counting("/keep", Integer.MAX_VALUE, null);
        keeping.until = closing;

        HttpLoop loop = HttpLoop.connect("127.0.0.1", server.getLocalPort(), List.of(closing, keeping));
        awaitAccepted(2);
        fillAcceptQueue();
        Thread release = new Thread(() -> {
            try {
                reopening.await();
                TimeUnit.MILLISECONDS.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            accepting.release(1_000);
        });
        release.start();
        loop.drive(deadline(20));
        release.join();

        assertAnswered(closing, 3, 0);
        long closedAt = closing.answers.get(0);
        long reopenedAt = closing.answers.get(1);
        long answeredMeanwhile = keeping.answers.stream().filter(t -> t > closedAt && t < reopenedAt).count();
        assertThat(TimeUnit.NANOSECONDS.toMillis(reopenedAt - closedAt))
                .as("the reconnection waited for the server").isGreaterThanOrEqualTo(300);
        // Blocking in the reconnection, the loop answered a handful of requests read before it; not blocking, tens
        // of thousands over loopback.
        assertThat(answeredMeanwhile).as("answers on the other connection while one reconnected")
                .isGreaterThan(100);
    }

    private static void assertAnswered(Counting exchange, int answers, int failures) {
        assertThat(exchange.answers).as(exchange.path + " answered").hasSize(answers);
        assertThat(exchange.failures).as(exchange.path + " failed").hasSize(failures);
    }

    /** Sends {@code count} requests to {@code path}; the server closes the connection after each to /close. */
    private static final class Counting implements HttpLoop.Exchange {
        final String path;
        final int count;
        final CountDownLatch firstAnswer;
        final List<Long> answers = new ArrayList<>();
        final List<IOException> failures = new ArrayList<>();
        Counting until;
        int sent;

        Counting(String path, int count, CountDownLatch firstAnswer) {
            this.path = path;
            this.count = count;
            this.firstAnswer = firstAnswer;
        }

        @Override
        public HttpLoop.Request next() {
            if (sent == count || (until != null && until.answers.size() == until.count)) {
                return null;
            }
            sent++;
            return new HttpLoop.Request("GET", path, null, null);
        }

        @Override
        public void answered(HttpConnection.Response response, long sentAtNanos, long answeredAtNanos) {
            assertThat(response.status()).isEqualTo(200);
            answers.add(answeredAtNanos);
            if (firstAnswer != null) {
                firstAnswer.countDown();
            }
        }

        @Override
        public void failed(IOException error) {
            failures.add(error);
        }
    }

    /** Starts the server, which accepts {@code connections} before the test lets it accept more. */
    private void start(int backlog, int connections) throws IOException {
        accepting.release(connections);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepting.acquire();
                    Socket s = server.accept();
                    sockets.add(s);
                    accepted.incrementAndGet();
                    Thread handler = new Thread(() -> serve(s));
                    handler.setDaemon(true);
                    handler.start();
                }
            } catch (IOException | InterruptedException e) {
                // Closed by the test.
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void awaitAccepted(int n) throws InterruptedException {
        for (int i = 0; i < 500 && accepted.get() < n; i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(accepted).hasValue(n);
    }

    /** Opens connections the server does not accept until one cannot connect within 200 ms. */
    private void fillAcceptQueue() throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            sockets.add(s);
            try {
                s.connect(server.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        throw new IllegalStateException("the server's accept queue did not fill up");
    }

    /** Answers each request with 200; after a request to /close, with Connection: close, and closes. */
    private static void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                boolean close = head.startsWith("GET /close ");
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + (close ? "Connection: close\r\n" : "")
                        + "\r\nok").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    private static long deadline(int seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }
}
