package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Clients that send a request's body slowly, or stop halfway, as a slow-body attack does: each holds a connection
 * open, but none holds one of the threads that every other caller needs.
 */
class SlowBodiesTest {

    // Of each kind, more than the server's request threads.
    private static final int SLOW_CLIENTS = 600;

    @Test
    void bodiesThatNeverFinishArrivingDoNotStopTheServerAnsweringOthers() throws Exception {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    Socket socket = new Socket("127.0.0.1", bed.server.port());
                    slow.add(socket);
                    // Signing in reads the body before anything else: no token is needed to hold a thread there.
                    // Half stop after the first byte, half after more than the server takes in before a handler runs:
                    // 300 of each.
                    String sent = i % 2 == 0 ? "{" : "{\"token\":\"" + "x".repeat(17 * 1024);
                    socket.getOutputStream().write(("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n" + sent)
                            .getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                }
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + bed.server.port() + "/health"))
                        .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);

                HttpTestBed.Reply started = bed.post("/api/sessions/" + bed.sid(1) + "/start", bed.worker(1));
                assertThat(started.status()).as(started.body()).isEqualTo(200);
            } finally {
                for (Socket socket : slow) {
                    closeQuietly(socket);
                }
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // The test is over with it.
        }
    }
}
