package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.http.ExamHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Two server nodes sharing one PostgreSQL: a change made through one reaches the watchers of the other. */
class TwoNodesOnOnePostgresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1").start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE two_nodes");
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void aSaveMadeOnNodeAReachesAWatcherOnNodeB() throws Exception {
        StorageOptions db = new StorageOptions();
        db.db = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/two_nodes";
        db.user = "postgres";
        db.password = "";
        // No periodic refresh: node B can learn of node A's change only through the database's notifications.
        UnaryOperator<ExamHttpServer.Builder> pushOnly = s -> s.pushRefresh(Duration.ofHours(1));
        try (ServerAssembly a = ServerAssembly.start(db, "127.0.0.1", 0, pushOnly);
             ServerAssembly b = ServerAssembly.start(db, "127.0.0.1", 0, pushOnly)) {
            Actor admin = Actor.admin("test");
            a.engine.importPackage().importPackage(SampleExam.packageCommand(admin, "p", 5));
            ScheduledAssessment exam = a.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(admin,
                    "two-nodes", "Two nodes", Instant.now().minusSeconds(60), 30, 60, ExamPolicy.defaults(),
                    List.of(PackageId.of("p")), 2));
            String session = exam.sessions().get(0).sessionId().value();
            String hc = a.engine.issueToken().issueToken(new IssueTokenCommand(admin, Actor.hc("hc"), null)).token();
            String worker = a.engine.issueToken().issueToken(new IssueTokenCommand(admin, Actor.worker("w-1"), null))
                    .token();

            HttpClient http = HttpClient.newHttpClient();
            BlockingQueue<JsonNode> onB = new LinkedBlockingQueue<>();
            WebSocket watcher = http.newWebSocketBuilder().header("Authorization", "Bearer " + hc)
                    .buildAsync(URI.create("ws://127.0.0.1:" + b.server.port() + "/ws/assessments/two-nodes/monitoring"),
                            new Collector(onB))
                    .get(10, TimeUnit.SECONDS);
            JsonNode snapshot = next(onB);
            assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");

            post(http, a.baseUrl() + "/api/sessions/" + session + "/start", worker, "");
            post(http, a.baseUrl() + "/api/sessions/" + session + "/answers", worker,
                    "{\"questionId\":\"q1\",\"optionId\":\"q1.a\",\"pageIndex\":0,\"clientSeq\":1}");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            int progress = 0;
            while (progress < 1 && System.nanoTime() < deadline) {
                JsonNode message = onB.poll(1, TimeUnit.SECONDS);
                if (message != null && message.has("sessions")) {
                    for (JsonNode row : message.get("sessions")) {
                        if (row.get("sessionId").asText().equals(session)) {
                            progress = row.get("progress").asInt();
                        }
                    }
                }
            }
            assertThat(progress).as("node B's watcher saw the answer saved on node A").isEqualTo(1);
            watcher.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    private static void post(HttpClient http, String url, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
    }

    private static JsonNode next(BlockingQueue<JsonNode> queue) throws InterruptedException {
        JsonNode message = queue.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a push message within 10 s").isNotNull();
        return message;
    }

    /** Collects whole text messages as JSON. */
    private record Collector(BlockingQueue<JsonNode> messages, StringBuilder partial) implements WebSocket.Listener {

        Collector(BlockingQueue<JsonNode> messages) {
            this(messages, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
