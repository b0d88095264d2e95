package org.examengine.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An assessment prepared through the server's own API with an ADMIN token, the way an operator would: a package
 * of four-option questions (question {@code q<i>}, options {@code q<i>.a} to {@code q<i>.d}), an assessment
 * already open for {@code participants} workers, and a bearer token for each worker and one for HC.
 */
final class ExamFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One participant: its session and the token to act as it. */
    record Worker(int index, String sessionId, String token) {
    }

    final String assessmentId;
    final int questions;
    final List<Worker> workers;
    final String hcToken;

    private ExamFixture(String assessmentId, int questions, List<Worker> workers, String hcToken) {
        this.assessmentId = assessmentId;
        this.questions = questions;
        this.workers = workers;
        this.hcToken = hcToken;
    }

    /**
     * Connects an HC watcher to this assessment's monitoring push channel.
     *
     * @throws Exception when the connection is not open within 15 s
     */
    void watch(PushClient client, int port, PushClient.Watcher watcher) throws Exception {
        client.connect(URI.create("ws://" + JavaProcess.HOST + ":" + port + "/ws/assessments/" + assessmentId
                + "/monitoring"), hcToken, watcher);
    }

    /** Creates the package, the assessment and the tokens; issues the worker tokens on a few threads. */
    static ExamFixture create(int port, String adminToken, String prefix, int participants, int questions) {
        try (HttpConnection http = new HttpConnection(JavaProcess.HOST, port)) {
            post(http, adminToken, "/api/packages", packageBody(prefix, questions));
            JsonNode scheduled = post(http, adminToken, "/api/assessments", scheduleBody(prefix, participants));
            String assessmentId = scheduled.path("assessmentId").asText();
            List<String[]> sessions = new ArrayList<>();
            for (JsonNode s : scheduled.path("sessions")) {
                sessions.add(new String[] {s.path("participantId").asText(), s.path("sessionId").asText()});
            }
            String hc = token(http, adminToken, prefix + "-hc", "HC");
            List<Worker> workers = issueWorkerTokens(port, adminToken, sessions);
            return new ExamFixture(assessmentId, questions, workers, hc);
        }
    }

    private static List<Worker> issueWorkerTokens(int port, String adminToken, List<String[]> sessions) {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Worker>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                parts.add(pool.submit(() -> {
                    List<Worker> mine = new ArrayList<>();
                    try (HttpConnection http = new HttpConnection(JavaProcess.HOST, port)) {
                        for (int i = offset; i < sessions.size(); i += threads) {
                            mine.add(new Worker(i, sessions.get(i)[1],
                                    token(http, adminToken, sessions.get(i)[0], "WORKER")));
                        }
                    }
                    return mine;
                }));
            }
            Worker[] all = new Worker[sessions.size()];
            for (Future<List<Worker>> part : parts) {
                for (Worker w : part.get()) {
                    all[w.index()] = w;
                }
            }
            return List.of(all);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("issuing worker tokens failed: " + e.getCause().getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    static String token(HttpConnection http, String adminToken, String subject, String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", Map.of("id", subject, "role", role));
        body.put("validForMinutes", 600);
        return post(http, adminToken, "/api/tokens", body).path("token").asText();
    }

    private static Map<String, Object> packageBody(String prefix, int questions) {
        List<Object> list = new ArrayList<>();
        for (int i = 1; i <= questions; i++) {
            List<Object> options = new ArrayList<>();
            for (int o = 0; o < 4; o++) {
                options.add(Map.of("id", option(i, o), "text", "Answer " + (char) ('A' + o) + " to question " + i,
                        "correct", o == (i - 1) % 4));
            }
            list.add(Map.of("id", question(i), "text", "Question " + i + " of the load test", "weight", 1,
                    "options", options));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("packageId", prefix + "-pkg");
        body.put("title", "Load test package " + prefix);
        body.put("questions", list);
        return body;
    }

    private static Map<String, Object> scheduleBody(String prefix, int participants) {
        Instant opensAt = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("graceSeconds", 120);
        policy.put("offlineAfterSeconds", 90);
        policy.put("expiry", "AUTO_SUBMIT");
        policy.put("outageCreditCapSeconds", 0);
        policy.put("allowReview", false);
        policy.put("questionsPerPage", 10);
        policy.put("shuffleQuestions", true);
        policy.put("shuffleOptions", true);
        List<Object> people = new ArrayList<>();
        for (int n = 1; n <= participants; n++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", prefix + "-w" + n);
            p.put("displayName", "Worker " + n);
            p.put("employeeNumber", String.format("EMP-%05d", n));
            p.put("email", null);
            people.add(p);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assessmentId", prefix);
        body.put("title", "Load test " + prefix);
        body.put("category", "Load test");
        body.put("scheduleDate", LocalDate.ofInstant(opensAt, ZoneOffset.UTC).toString());
        body.put("opensAt", opensAt.toString());
        body.put("closesAt", null);
        body.put("durationMinutes", 180);
        body.put("passingScorePercent", 60);
        body.put("policy", policy);
        body.put("packageIds", List.of(prefix + "-pkg"));
        body.put("participants", people);
        return body;
    }

    static String question(int index) {
        return "q" + index;
    }

    /** Option {@code o} (0-3) of question {@code index}. */
    static String option(int index, int o) {
        return "q" + index + "." + (char) ('a' + o);
    }

    private static JsonNode post(HttpConnection http, String token, String path, Object body) {
        try {
            HttpConnection.Response r = http.send("POST", path, token, null, JSON.writeValueAsString(body));
            if (!r.ok()) {
                throw new IllegalStateException("POST " + path + " answered " + r.status() + ": " + r.text());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        }
    }
}
