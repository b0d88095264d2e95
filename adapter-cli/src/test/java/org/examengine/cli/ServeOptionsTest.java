package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's options on {@code serve}: the start bucket, the push coalescing window, cookies, public origins and
 * sockets per token.
 */
class ServeOptionsTest {

    @TempDir
    Path dir;

    @Test
    void theStartBucketTakesItsRateAndBurstFromTheCommandLine() throws Exception {
        try (CliProcess serve = CliProcess.start("serve", "--demo", "--port", "0", "--db", dir.toString(),
                "--start-rate", "1", "--start-burst", "1", "--push-coalescing-ms", "5")) {
            String url = serve.awaitLine("exam engine listening on", 60)
                    .replaceAll(".*exam engine listening on (\\S+).*", "$1");
            assertThat(serve.awaitLine("created a NEW, empty exam database in", 30)).as("said, for a mistyped --db")
                    .contains(dir.toAbsolutePath().toString());
            String session = serve.awaitLine("take the exam:", 30).replaceAll(".*next=/exam/(\\S+).*", "$1");
            String worker = serve.awaitLine("worker token:", 30).replaceAll(".*worker token:\\s+(\\S+).*", "$1");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest start = HttpRequest.newBuilder(URI.create(url + "/api/sessions/" + session + "/start"))
                    .header("Authorization", "Bearer " + worker).POST(HttpRequest.BodyPublishers.noBody()).build();

            // Sent together, so that they arrive within the second that would let a second one through, however
            // slowly a server just started serves its first requests. The default bucket (a burst of 50) takes all.
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(http.sendAsync(start, HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> replies = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> reply : sent) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }

            assertThat(replies).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 429));
            List<Integer> retryAfter = replies.stream().filter(r -> r.statusCode() == 429)
                    .map(r -> Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow())).toList();
            assertThat(retryAfter).as("a burst of one start").isNotEmpty().allSatisfy(s -> assertThat(s).isPositive());
            if (retryAfter.size() > 1) {
                // Each start turned away is given the next free second of one start a second (at the default
                // 250 a second, every one would be told 1 s).
                assertThat(retryAfter.stream().mapToInt(Integer::intValue).max().orElseThrow())
                        .isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void secureCookiesMarkTheLoginsCookiesSecure() throws Exception {
        try (CliProcess serve = CliProcess.start("serve", "--demo", "--port", "0", "--db", dir.toString(),
                "--secure-cookies")) {
            String url = serve.awaitLine("exam engine listening on", 60)
                    .replaceAll(".*exam engine listening on (\\S+).*", "$1");
            String worker = serve.awaitLine("worker token:", 30).replaceAll(".*worker token:\\s+(\\S+).*", "$1");
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(url + "/api/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + worker + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            assertThat(login.headers().allValues("Set-Cookie")).hasSize(2)
                    .allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
        }
    }

    @Test
    void socketsPerTokenAndPublicOriginsReachTheServer() throws Exception {
        try (CliProcess serve = CliProcess.start("serve", "--demo", "--port", "0", "--db", dir.toString(),
                "--max-sockets-per-token", "1", "--public-origin", "https://exam.example.com")) {
            String url = serve.awaitLine("exam engine listening on", 60)
                    .replaceAll(".*exam engine listening on (\\S+).*", "$1");
            String assessment = serve.awaitLine("watch as HC:", 30)
                    .replaceAll(".*next=/assessments/(\\S+)/monitor.*", "$1");
            String hc = serve.awaitLine("HC token:", 30).replaceAll(".*HC token:\\s+(\\S+).*", "$1");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(url + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + hc + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("exam_session=")).findFirst().orElseThrow().split(";", 2)[0];
            URI socket = URI.create(url.replace("http:", "ws:") + "/ws/assessments/" + assessment + "/monitoring");

            CompletableFuture<String> snapshot = new CompletableFuture<>();
            StringBuilder message = new StringBuilder();
            WebSocket first = http.newWebSocketBuilder().header("Cookie", cookie)
                    .header("Origin", "https://exam.example.com").buildAsync(socket, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            message.append(data);
                            if (last) {
                                snapshot.complete(message.toString());
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            try {
                // The server counts a socket once it is open, and sends the snapshot from there.
                assertThat(snapshot.get(10, TimeUnit.SECONDS)).contains("\"snapshot\"");
                Throwable second = catchThrowable(() -> http.newWebSocketBuilder().header("Cookie", cookie)
                        .header("Origin", "https://exam.example.com").buildAsync(socket, new WebSocket.Listener() {
                        }).get(10, TimeUnit.SECONDS));
                assertThat(second).hasCauseInstanceOf(WebSocketHandshakeException.class);
                assertThat(((WebSocketHandshakeException) second.getCause()).getResponse().statusCode())
                        .as("one socket per token").isEqualTo(429);
            } finally {
                first.abort();
            }
        }
    }

    @Test
    void aPortAlreadyTakenIsAFailureToListenInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRunner.Result serve = CliRunner.run("serve", "--port", Integer.toString(taken.getLocalPort()), "--db",
                    dir.toString());
            assertThat(serve.exitCode()).as(serve.err()).isEqualTo(5);
            assertThat(serve.err()).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
            assertThat(serve.err().lines().count()).isEqualTo(1);
        }
        CliRunner.Result noHost = CliRunner.run("serve", "--port", "0", "--host", "nosuchhost.invalid", "--db",
                dir.toString());
        assertThat(noHost.exitCode()).as(noHost.err()).isEqualTo(2);
        assertThat(noHost.err()).contains("nosuchhost.invalid").contains("does not resolve");
    }

    @Test
    void outOfRangeSettingsAreRefusedInOneLineBeforeAnythingStarts() {
        CliRunner.Result burst = CliRunner.run("serve", "--port", "0", "--db", dir.toString(), "--start-burst", "0");
        assertThat(burst.exitCode()).isEqualTo(2);
        assertThat(burst.err()).isEqualTo("error: --start-rate and --start-burst must be 1-100000\n");

        CliRunner.Result window = CliRunner.run("serve", "--port", "0", "--db", dir.toString(),
                "--push-coalescing-ms", "1001");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.err()).isEqualTo("error: --push-coalescing-ms must be 0-1000\n");

        CliRunner.Result sockets = CliRunner.run("serve", "--port", "0", "--db", dir.toString(),
                "--max-sockets-per-token", "0");
        assertThat(sockets.exitCode()).isEqualTo(2);
        assertThat(sockets.err()).isEqualTo("error: --max-sockets-per-token must be 1-100000\n");

        CliRunner.Result origin = CliRunner.run("serve", "--port", "0", "--db", dir.toString(),
                "--public-origin", "https://exam.example.com", "--public-origin", "https://exam.example.com/exam");
        assertThat(origin.exitCode()).isEqualTo(2);
        assertThat(origin.err()).isEqualTo("error: --public-origin must be scheme://host[:port] with http or https "
                + "and no path, not 'https://exam.example.com/exam'\n");
        assertThat(dir).as("no database was created").isEmptyDirectory();
    }
}
