package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.InMemoryExamStorage;
import org.junit.jupiter.api.Test;

/**
 * Which sockets the server admits: a browser's only from the server's own pages, also when a proxy in front
 * rewrites {@code Host}; and no more than the configured number per token.
 */
class SocketAdmissionTest {

    private static String monitoringPath(HttpTestBed bed) {
        return "/ws/assessments/" + bed.assessmentId + "/monitoring";
    }

    private static String loginCookie(HttpTestBed bed) {
        HttpTestBed.Reply login = bed.post("/api/login", null, HttpTestBed.json(Map.of("token", bed.hcToken)));
        return login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("exam_session=")).findFirst().orElseThrow().split(";", 2)[0];
    }

    private static boolean admitted(HttpTestBed bed, Map<String, String> headers) {
        try (PushClient page = PushClient.connect(bed, monitoringPath(bed), headers)) {
            return page.await(m -> true).path("type").asText().equals("snapshot");
        } catch (RuntimeException e) {
            assertThat(PushClient.handshakeStatus(() -> {
                throw e;
            })).isEqualTo(403);
            return false;
        }
    }

    @Test
    void anUpgradeAdmittedOrRefusedLeavesNoServerSessionAndSetsNoCookie() throws IOException {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            String admitted = upgradeHead(bed, bed.hcToken);
            String refused = upgradeHead(bed, "t0.unknown");

            assertThat(admitted).startsWith("HTTP/1.1 101");
            assertThat(refused).startsWith("HTTP/1.1 401");
            assertThat(admitted + refused).doesNotContainIgnoringCase("Set-Cookie").doesNotContain("JSESSIONID");
        }
    }

    /** The status line and headers of a WebSocket upgrade of the monitoring channel with {@code token}. */
    private static String upgradeHead(HttpTestBed bed, String token) throws IOException {
        int port = URI.create(bed.base()).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            String request = "GET " + monitoringPath(bed) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
            }
            return head.toString();
        }
    }

    @Test
    void aBrowserBehindAProxyThatRewritesHostIsAdmittedByTheForwardedHost() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            String cookie = loginCookie(bed);

            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://exam.example.com",
                    "X-Forwarded-Host", "exam.example.com"))).isTrue();
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://exam.example.com",
                    "X-Forwarded-Host", "exam.example.com:443, 10.0.0.2"))).isTrue();
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://exam.example.com:8443",
                    "Forwarded", "for=10.0.0.1;proto=https;host=\"EXAM.example.com:8443\", for=10.0.0.2"))).isTrue();

            // Another site's page: its Origin is its own, whatever the proxy forwards.
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://evil.example",
                    "X-Forwarded-Host", "exam.example.com"))).isFalse();
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://exam.example.com:8443",
                    "X-Forwarded-Host", "exam.example.com"))).isFalse();
            // Only the first host counts: the one the browser asked the outermost proxy for.
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://exam.example.com",
                    "X-Forwarded-Host", "evil.example, exam.example.com"))).isFalse();
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "null"))).isFalse();
        }
    }

    @Test
    void aConfiguredPublicOriginIsAdmittedWithItsSchemeAndPort() {
        try (HttpTestBed bed = new HttpTestBed(1, b -> b.publicOrigins(List.of("https://Exam.Example.com:443/")))
                .scheduleDirectly(5)) {
            String cookie = loginCookie(bed);

            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://exam.example.com"))).isTrue();
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "http://exam.example.com"))).isFalse();
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "https://exam.example.com:8443"))).isFalse();
            // The server's own origin stays admitted.
            assertThat(admitted(bed, Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + bed.server.port())))
                    .isTrue();
        }
    }

    @Test
    void aPublicOriginThatIsNotAnOriginIsRefusedWhenTheServerIsBuilt() {
        ExamHttpServer.Builder builder = ExamHttpServer.builder(
                ExamEngine.builder().storage(new InMemoryExamStorage()).build());
        for (String wrong : List.of("https://exam.example.com/exam", "exam.example.com", "ftp://exam.example.com",
                "https://exam.example.com?x=1", "https://user@exam.example.com")) {
            assertThatThrownBy(() -> builder.publicOrigins(List.of(wrong)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(wrong);
        }
    }

    @Test
    void aTokenHoldsAtMostTheConfiguredNumberOfSocketsAndGetsOneBackWhenItClosesOne() {
        try (HttpTestBed bed = new HttpTestBed(1, b -> b.maxSocketsPerCredential(2)).scheduleDirectly(5)) {
            List<PushClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    PushClient watcher = PushClient.connect(bed, monitoringPath(bed), bed.hcToken);
                    open.add(watcher);
                    watcher.await(m -> m.path("type").asText().equals("snapshot"));
                }
                assertThat(PushClient.handshakeStatus(() -> PushClient.connect(bed, monitoringPath(bed), bed.hcToken)))
                        .isEqualTo(429);
                // Another token is not held back by this one's sockets.
                try (PushClient worker = PushClient.connect(bed, "/ws/sessions/" + bed.sid(1), bed.worker(1))) {
                    worker.await(m -> m.path("type").asText().equals("sessionStatus"));
                }

                open.remove(0).close();
                awaitRoom(bed);
            } finally {
                open.forEach(PushClient::close);
            }
        }
    }

    @Test
    void upgradesOfOneTokenRacingPastTheLimitAreClosedAndLeaveNoCountBehind() throws Exception {
        int limit = 3;
        int racing = 12;
        try (HttpTestBed bed = new HttpTestBed(1, b -> b.maxSocketsPerCredential(limit)).scheduleDirectly(5)) {
            ExecutorService pool = Executors.newFixedThreadPool(racing);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PushClient>> attempts = new ArrayList<>();
            for (int i = 0; i < racing; i++) {
                attempts.add(pool.submit(() -> {
                    go.await();
                    try {
                        return PushClient.connect(bed, monitoringPath(bed), bed.hcToken);
                    } catch (RuntimeException e) {
                        assertThat(PushClient.handshakeStatus(() -> {
                            throw e;
                        })).isEqualTo(429);
                        return null;
                    }
                }));
            }
            go.countDown();
            List<PushClient> connected = new ArrayList<>();
            for (Future<PushClient> attempt : attempts) {
                PushClient client = attempt.get();
                if (client != null) {
                    connected.add(client);
                }
            }
            pool.shutdown();
            try {
                int admitted = 0;
                for (PushClient client : connected) {
                    // Each is either admitted (it gets the snapshot) or closed at once as one too many.
                    for (int waited = 0; client.messages.isEmpty() && client.closeCode == -1 && waited < 2000;
                         waited++) {
                        PushClient.sleep(10);
                    }
                    if (client.messages.isEmpty()) {
                        assertThat(client.closeCode).isEqualTo(SocketCredentials.TOO_MANY_SOCKETS_CLOSE);
                        continue;
                    }
                    client.await(m -> m.path("type").asText().equals("snapshot"));
                    admitted++;
                }
                assertThat(admitted).isEqualTo(limit);
            } finally {
                connected.forEach(PushClient::close);
            }
            awaitRoom(bed);
        }
    }

    /** Waits until the bed's HC token may open another socket, as closes are counted when the server sees them. */
    private static void awaitRoom(HttpTestBed bed) {
        for (int tries = 0; tries < 100; tries++) {
            try (PushClient again = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                again.await(m -> m.path("type").asText().equals("snapshot"));
                return;
            } catch (RuntimeException | AssertionError e) {
                PushClient.sleep(50);
            }
        }
        throw new AssertionError("no socket admitted again after the others closed");
    }
}
