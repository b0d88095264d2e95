package org.examengine.http;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.inmemory.InMemoryTokenStore;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.out.TokenStore;
import org.examengine.application.sample.SampleExam;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;

/**
 * A real server on {@code 127.0.0.1} and a free port, over an engine on in-memory storage with a manual clock,
 * plus a JDK HTTP client. Tokens exist for an admin, an HC and workers {@code w-1} ... {@code w-<n>};
 * {@link #scheduleDirectly} creates an assessment through the engine for tests that are not about scheduling.
 */
final class HttpTestBed implements AutoCloseable {

    static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");
    static final Actor ROOT = Actor.admin("root");
    static final ObjectMapper MAPPER = new ObjectMapper();

    final InMemoryExamStorage storage = new InMemoryExamStorage();
    final TokenStore tokens;
    final ManualClock clock = new ManualClock(OPENS.plusSeconds(10));
    final WebSocketMonitoringPublisher live = new WebSocketMonitoringPublisher();
    final ExamEngine engine;
    final ExamHttpServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String adminToken;
    final String hcToken;
    private final List<String> workerTokens = new ArrayList<>();
    AssessmentId assessmentId;
    final List<SessionId> sessions = new ArrayList<>();
    private final List<ExamHttpServer> otherNodes = new ArrayList<>();

    HttpTestBed(int workers) {
        this(workers, b -> { }, new InMemoryTokenStore());
    }

    HttpTestBed(int workers, Consumer<ExamHttpServer.Builder> options) {
        this(workers, options, new InMemoryTokenStore());
    }

    HttpTestBed(int workers, Consumer<ExamHttpServer.Builder> options, TokenStore tokenStore) {
        this.tokens = tokenStore;
        engine = ExamEngine.builder().storage(storage).tokens(tokens).clock(clock).random(new SeededRandomSource(7))
                .events(live).build();
        adminToken = issue(Actor.admin("admin-1"));
        hcToken = issue(Actor.hc("hc-1"));
        for (int n = 1; n <= workers; n++) {
            workerTokens.add(issue(Actor.worker("w-" + n)));
        }
        ExamHttpServer.Builder builder = ExamHttpServer.builder(engine).port(0).liveUpdates(live).clock(clock)
                .sweepInterval(Duration.ZERO);
        options.accept(builder);
        server = builder.build().start();
    }

    String issue(Actor subject) {
        return engine.issueToken().issueToken(new IssueTokenCommand(ROOT, subject, null)).token();
    }

    /** Worker {@code n}'s token (1-based). */
    String worker(int n) {
        return workerTokens.get(n - 1);
    }

    SessionId sid(int n) {
        return sessions.get(n - 1);
    }

    /** Imports {@code pkg-1} with {@code questions} questions and schedules every worker on it, open now. */
    HttpTestBed scheduleDirectly(int questions, ExamPolicy policy) {
        engine.importPackage().importPackage(SampleExam.packageCommand(ROOT, "pkg-1", questions));
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ROOT,
                "asmt-1", "Forklift safety", OPENS, 30, 60, policy, List.of(PackageId.of("pkg-1")),
                workerTokens.size()));
        assessmentId = scheduled.assessmentId();
        scheduled.sessions().forEach(s -> sessions.add(s.sessionId()));
        return this;
    }

    HttpTestBed scheduleDirectly(int questions) {
        return scheduleDirectly(questions, ExamPolicy.defaults());
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------

    /** A response with its body parsed as JSON when it is JSON. */
    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String code() {
            return json().path("code").asText(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    Reply post(String path, String token, String jsonBody) {
        return send("POST", path, token, jsonBody, Map.of());
    }

    Reply post(String path, String token) {
        return send("POST", path, token, null, Map.of());
    }

    Reply send(String method, String path, String token, String jsonBody, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        return raw(method, path, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody), all);
    }

    Reply raw(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(20)).method(method, body);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Sends {@code head} (a request line and headers, CRLF-terminated, without the blank line) as written, over a
     * socket of its own, for requests the JDK client refuses to send (malformed escapes, oversized lines), and
     * reads the answer until the server closes the connection.
     */
    Reply overSocket(String head) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            return new Reply(Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(headers, (k, v) -> true),
                    answer.substring(end + 4));
        } catch (IOException e) {
            throw new AssertionError("the request over a socket failed", e);
        }
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Worker {@code n} saves option {@code optionId} for question {@code q<question>}. */
    Reply save(int n, int question, String optionId, long clientSeq) {
        return post("/api/sessions/" + sid(n) + "/answers", worker(n), json(Map.of("questionId", "q" + question,
                "optionId", optionId, "pageIndex", 0, "clientSeq", clientSeq)));
    }

    Reply start(int n) {
        return post("/api/sessions/" + sid(n) + "/start", worker(n));
    }

    /**
     * Another node of the same deployment: a server of its own over the same engine and storage. It is told of no
     * event, which is enough for what a node answers on connect.
     */
    ExamHttpServer secondNode() {
        ExamHttpServer node = ExamHttpServer.builder(engine).port(0).liveUpdates(new WebSocketMonitoringPublisher())
                .clock(clock).sweepInterval(Duration.ZERO).build().start();
        otherNodes.add(node);
        return node;
    }

    @Override
    public void close() {
        otherNodes.forEach(ExamHttpServer::stop);
        server.stop();
    }
}
