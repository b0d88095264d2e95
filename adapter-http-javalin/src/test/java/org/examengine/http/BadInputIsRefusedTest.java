package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gets a clear 4xx problem with a code and changes nothing: the stored session and its
 * responses are the same after each refused request.
 */
class BadInputIsRefusedTest {

    private static HttpTestBed bed;
    private static String expiredToken;

    @BeforeAll
    static void setUp() {
        bed = new HttpTestBed(2).scheduleDirectly(12);
        assertThat(bed.start(1).status()).isEqualTo(200);
        assertThat(bed.start(2).status()).isEqualTo(200);
        assertThat(bed.save(1, 1, "q1.a", 1).status()).isEqualTo(200);
        expiredToken = bed.engine.issueToken().issueToken(new IssueTokenCommand(HttpTestBed.ROOT, Actor.worker("w-1"),
                java.time.Duration.ofMinutes(1))).token();
        bed.clock.advanceSeconds(61);
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    /** A refused request: how to send it, the status and code expected. */
    record Case(String name, Function<HttpTestBed, HttpTestBed.Reply> send, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String answers() {
        return "/api/sessions/" + bed.sid(1) + "/answers";
    }

    /** Schedules a new assessment over HTTP with the given JSON values for its opening instant and date. */
    static HttpTestBed.Reply schedule(HttpTestBed b, String opensAt, String scheduleDate) {
        return b.post("/api/assessments", b.adminToken, "{\"assessmentId\":\"refused-1\",\"title\":\"Refused\","
                + "\"category\":\"Test\",\"scheduleDate\":" + scheduleDate + ",\"opensAt\":" + opensAt
                + ",\"durationMinutes\":30,\"passingScorePercent\":60,\"packageIds\":[\"pkg-1\"],"
                + "\"participants\":[{\"id\":\"w-9\",\"displayName\":\"Worker 9\"}]}");
    }

    static HttpTestBed.Reply saveRaw(HttpTestBed b, String body) {
        return b.post(answers(), b.worker(1), body);
    }

    static Stream<Arguments> cases() {
        String big = "{\"questionId\":\"q1\",\"optionId\":\"" + "x".repeat(1024 * 1024) + "\",\"pageIndex\":0,\"clientSeq\":9}";
        List<Case> cases = List.of(
                new Case("malformed JSON", b -> saveRaw(b, "{\"questionId\": \"q1\", "), 400, "INVALID_INPUT"),
                new Case("not an object", b -> saveRaw(b, "[1,2,3]"), 400, "INVALID_INPUT"),
                new Case("empty body", b -> b.send("POST", answers(), b.worker(1), "", Map.of()), 400, "INVALID_INPUT"),
                new Case("page index as text", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":\"0\",\"clientSeq\":5}"), 400, "INVALID_INPUT"),
                new Case("clientSeq as fraction", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5.5}"), 400, "INVALID_INPUT"),
                new Case("question id as number", b -> saveRaw(b,
                        "{\"questionId\":1,\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5}"), 400, "INVALID_INPUT"),
                new Case("unknown field", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5,\"score\":100}"), 400, "INVALID_INPUT"),
                new Case("missing clientSeq", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0}"), 400, "INVALID_INPUT"),
                new Case("negative page index", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":-1,\"clientSeq\":5}"), 400, "INVALID_INPUT"),
                new Case("page index past the last page", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":7,\"clientSeq\":5}"), 400, "PAGE_OUT_OF_RANGE"),
                new Case("option of another question", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q2.b\",\"pageIndex\":0,\"clientSeq\":5}"), 400, "OPTION_NOT_IN_QUESTION"),
                // q1 is stored with clientSeq 1: a malformed save is refused even when it is not newer.
                new Case("page past the last, clientSeq not newer", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.a\",\"pageIndex\":7,\"clientSeq\":1}"), 400, "PAGE_OUT_OF_RANGE"),
                new Case("option of another question, clientSeq not newer", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q2.b\",\"pageIndex\":0,\"clientSeq\":1}"), 400,
                        "OPTION_NOT_IN_QUESTION"),
                new Case("a save for an attempt not begun", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5,\"attempt\":2}"), 400,
                        "INVALID_INPUT"),
                new Case("a submit for an attempt not begun", b -> b.post("/api/sessions/" + b.sid(1) + "/submit",
                        b.worker(1), "{\"finalAnswers\":[],\"attempt\":3}"), 400, "INVALID_INPUT"),
                new Case("attempt zero", b -> saveRaw(b,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5,\"attempt\":0}"), 400,
                        "INVALID_INPUT"),
                new Case("unknown question", b -> saveRaw(b,
                        "{\"questionId\":\"q99\",\"optionId\":\"q99.a\",\"pageIndex\":0,\"clientSeq\":5}"), 400, "QUESTION_NOT_IN_PACKAGE"),
                new Case("unknown session id", b -> b.post("/api/sessions/no-such-session/answers", b.worker(1),
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5}"), 404, "SESSION_NOT_FOUND"),
                new Case("unknown assessment id", b -> b.get("/api/assessments/nope/monitoring", b.hcToken), 404,
                        "ASSESSMENT_NOT_FOUND"),
                new Case("SQL-looking session id", b -> b.post("/api/sessions/1'%20OR%20'1'='1/answers", b.worker(1),
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5}"), 400, "INVALID_INPUT"),
                new Case("SQL-looking question id", b -> saveRaw(b,
                        "{\"questionId\":\"q1'; DROP TABLE responses;--\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5}"),
                        400, "INVALID_INPUT"),
                new Case("SQL-looking status filter", b -> b.get("/api/assessments?status=Open%27%20OR%201%3D1--",
                        b.hcToken), 400, "INVALID_INPUT"),
                new Case("NUL character in a search", b -> b.get("/api/assessments?title=fork%00lift", b.hcToken), 400,
                        "INVALID_INPUT"),
                new Case("impossible date", b -> b.get("/api/assessments?from=2026-13-45", b.hcToken), 400,
                        "INVALID_INPUT"),
                new Case("a 1 MB body", b -> saveRaw(b, big), 413, "PAYLOAD_TOO_LARGE"),
                new Case("a 1 MB chunked body", b -> b.raw("POST", answers(), HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes())),
                        Map.of("Authorization", "Bearer " + b.worker(1), "Content-Type", "application/json")),
                        413, "PAYLOAD_TOO_LARGE"),
                new Case("form content type", b -> b.send("POST", answers(), b.worker(1), "questionId=q1",
                        Map.of("Content-Type", "application/x-www-form-urlencoded")), 415, "UNSUPPORTED_MEDIA_TYPE"),
                new Case("extend by zero minutes", b -> b.post("/api/sessions/" + b.sid(1) + "/extend", b.hcToken,
                        "{\"minutes\":0}"), 400, "INVALID_INPUT"),
                new Case("a field sent to pause, which takes none", b -> b.post("/api/sessions/" + b.sid(1) + "/pause",
                        b.hcToken, "{\"minutes\":5}"), 400, "INVALID_INPUT"),
                new Case("a reason sent to force close, which takes none", b -> b.post("/api/sessions/" + b.sid(1)
                        + "/force-close", b.hcToken, "{\"reason\":\"cheating\"}"), 400, "INVALID_INPUT"),
                new Case("a heartbeat with an array body", b -> b.post("/api/sessions/" + b.sid(1) + "/heartbeat",
                        b.worker(1), "[1]"), 400, "INVALID_INPUT"),
                new Case("a start with a field", b -> b.post("/api/sessions/" + b.sid(1) + "/start", b.worker(1),
                        "{\"attempt\":1}"), 400, "INVALID_INPUT"),
                new Case("close early with a field", b -> b.post("/api/assessments/" + b.assessmentId + "/close-early",
                        b.hcToken, "{\"at\":\"2026-03-02T09:00:00Z\"}"), 400, "INVALID_INPUT"),
                new Case("missing token", b -> b.post(answers(), null, "{}"), 401, "UNAUTHENTICATED"),
                new Case("expired token", b -> b.post(answers(), expiredToken,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5}"), 401, "UNAUTHENTICATED"),
                new Case("forged token", b -> b.post(answers(), b.worker(1).substring(0, b.worker(1).indexOf('.') + 1)
                        + "forged", "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5}"),
                        401, "UNAUTHENTICATED"),
                new Case("not a bearer scheme", b -> b.send("POST", answers(), null,
                        "{\"questionId\":\"q1\",\"optionId\":\"q1.b\",\"pageIndex\":0,\"clientSeq\":5}",
                        Map.of("Authorization", "Basic dzE6cHc=")), 401, "UNAUTHENTICATED"),
                new Case("token valid for more minutes than a Duration holds", b -> b.post("/api/tokens", b.adminToken,
                        "{\"subject\":{\"id\":\"w-9\",\"role\":\"WORKER\"},\"validForMinutes\":9223372036854775807}"),
                        400, "INVALID_INPUT"),
                new Case("token valid for no minutes", b -> b.post("/api/tokens", b.adminToken,
                        "{\"subject\":{\"id\":\"w-9\",\"role\":\"WORKER\"},\"validForMinutes\":0}"),
                        400, "INVALID_INPUT"),
                new Case("unknown route", b -> b.get("/api/nothing-here", b.worker(1)), 404, "ROUTE_NOT_FOUND"),
                new Case("a method the path does not serve", b -> b.send("PUT", "/api/sessions/" + b.sid(1) + "/status",
                        b.worker(1), "{}", Map.of()), 405, "METHOD_NOT_ALLOWED"),
                new Case("a package's id and packageId that differ", b -> b.post("/api/packages", b.adminToken,
                        "{\"id\":\"pkg-a\",\"packageId\":\"pkg-b\",\"title\":\"T\",\"questions\":[{\"text\":\"Q\","
                                + "\"options\":[{\"text\":\"Yes\",\"correct\":true},{\"text\":\"No\"}]}]}"),
                        400, "INVALID_INPUT"),
                new Case("a participant's name and displayName that differ", b -> b.post("/api/assessments",
                        b.adminToken, "{\"assessmentId\":\"refused-2\",\"title\":\"Refused\",\"category\":\"Test\","
                                + "\"scheduleDate\":\"2026-03-02\",\"opensAt\":\"2026-03-02T08:00:00Z\","
                                + "\"durationMinutes\":30,\"passingScorePercent\":60,\"packageIds\":[\"pkg-1\"],"
                                + "\"participants\":[{\"id\":\"w-9\",\"displayName\":\"Ann\",\"name\":\"Anna\"}]}"),
                        400, "INVALID_INPUT"),
                new Case("opensAt as a number", b -> schedule(b, "1e300", "\"2026-03-02\""), 400, "INVALID_INPUT"),
                new Case("opensAt as seconds since 1970", b -> schedule(b, "1772438400", "\"2026-03-02\""), 400,
                        "INVALID_INPUT"),
                new Case("scheduleDate as an array", b -> schedule(b, "\"2026-03-02T08:00:00Z\"", "[2026,3,2]"), 400,
                        "INVALID_INPUT"),
                new Case("opensAt past the year 9999", b -> schedule(b, "\"+1000000000-01-01T00:00:00Z\"",
                        "\"2026-03-02\""), 400, "INVALID_INPUT"),
                new Case("scheduleDate past the year 9999", b -> schedule(b, "\"2026-03-02T08:00:00Z\"",
                        "\"+999999999-12-31\""), 400, "INVALID_INPUT"),
                new Case("a malformed escape in the path", b -> b.overSocket("GET /api/sessions/a%zzb/status HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: Bearer " + b.worker(1) + "\r\n"), 400, "INVALID_INPUT"),
                new Case("a NUL escape in the path", b -> b.overSocket("POST /api/sessions/%00/extend HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nContent-Length: 0\r\n"), 400, "INVALID_INPUT"),
                new Case("a folded header line", b -> b.overSocket("GET /api/sessions/" + b.sid(1) + "/status HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nX-Folded: a\r\n b\r\n"), 400, "INVALID_INPUT"),
                new Case("a 20 kB URI", b -> b.overSocket("GET /api/sessions/" + "x".repeat(20_000) + "/status HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\n"), 414, "URI_TOO_LONG"),
                new Case("a 20 kB header", b -> b.overSocket("GET /api/sessions/" + b.sid(1) + "/status HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nX-Padding: " + "x".repeat(20_000) + "\r\n"), 431, "HEADERS_TOO_LARGE"));
        return cases.stream().map(Arguments::of);
    }

    @Test
    void aMethodThePathDoesNotServeIsAnsweredWithTheMethodsItDoes() {
        HttpTestBed.Reply reply = bed.send("PUT", "/api/sessions/" + bed.sid(1) + "/status", bed.worker(1), "{}",
                Map.of());
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).contains("GET").doesNotContain("PUT");
    }

    @Test
    void anActionWithoutParametersTakesNoBodyOrAnEmptyObject() {
        HttpTestBed.Reply paused = bed.post("/api/sessions/" + bed.sid(2) + "/pause", bed.hcToken, "{}");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        HttpTestBed.Reply resumed = bed.send("POST", "/api/sessions/" + bed.sid(2) + "/resume", bed.hcToken, null,
                Map.of());
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        HttpTestBed.Reply refused = bed.post("/api/sessions/" + bed.sid(2) + "/pause", bed.hcToken,
                "{\"minutes\":5}");
        assertThat(refused.json().path("detail").asText()).contains("minutes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsAProblemWithACodeAndChangesNothing(Case c) {
        ExamSession before = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
        List<Response> responsesBefore = bed.storage.responses().findBySession(bed.sid(1));

        HttpTestBed.Reply reply = c.send().apply(bed);

        assertThat(reply.status()).as(reply.body()).isEqualTo(c.status());
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.code()).isEqualTo(c.code());
        assertThat(reply.json().path("status").asInt()).isEqualTo(c.status());
        assertThat(reply.json().path("type").asText()).isNotBlank();
        assertThat(reply.json().path("title").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow()).isEqualTo(before);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).isEqualTo(responsesBefore);
        assertThat(bed.storage.assessments().findById(AssessmentId.of("refused-1"))).isEmpty();
    }
}
