package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Browser pages: a token is exchanged for a session cookie; state changes by cookie need the CSRF token. */
class CookieLoginAndCsrfTest {

    private HttpTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new HttpTestBed(2).scheduleDirectly(5);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    /** The cookie header value and CSRF token of a fresh login. */
    private record Login(String cookie, String csrf, List<String> setCookies) {
    }

    private Login login(String token) {
        HttpTestBed.Reply reply = bed.post("/api/login", null, HttpTestBed.json(Map.of("token", token)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> setCookies = reply.headers().allValues("Set-Cookie");
        String session = setCookies.stream().filter(c -> c.startsWith(Identity.SESSION_COOKIE + "="))
                .findFirst().orElseThrow().split(";", 2)[0];
        return new Login(session, reply.json().path("csrfToken").asText(), setCookies);
    }

    private HttpTestBed.Reply byCookie(String method, String path, Login login, String body, String csrf) {
        Map<String, String> headers = csrf == null ? Map.of("Cookie", login.cookie())
                : Map.of("Cookie", login.cookie(), Identity.CSRF_HEADER, csrf);
        return bed.send(method, path, null, body, headers);
    }

    @Test
    void loginSetsAnHttpOnlyStrictSessionCookieAndAReadableCsrfCookie() {
        Login login = login(bed.worker(1));

        String session = login.setCookies().stream().filter(c -> c.startsWith("exam_session=")).findFirst().orElseThrow();
        String csrf = login.setCookies().stream().filter(c -> c.startsWith("exam_csrf=")).findFirst().orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(csrf).doesNotContainIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        // Session cookies: closing the browser of a shared computer signs its user out.
        assertThat(List.of(session, csrf)).allSatisfy(c -> assertThat(c).doesNotContainIgnoringCase("Max-Age")
                .doesNotContainIgnoringCase("Expires"));
        // The HttpOnly cookie carries the token; the CSRF token is a 256-bit digest of it, never the token itself.
        assertThat(login.cookie().substring("exam_session=".length()))
                .isEqualTo(bed.clock.instant().plus(Duration.ofHours(12)).getEpochSecond() + "~" + bed.worker(1));
        assertThat(login.csrf()).hasSize(43).doesNotContain(bed.worker(1).substring(bed.worker(1).indexOf('.') + 1));
    }

    @Test
    void aLoginEndsAfterItsLifetimeHoweverLongTheBrowserKeepsTheCookie() {
        Login login = login(bed.worker(1));
        assertThat(byCookie("GET", "/api/me", login, null, null).status()).isEqualTo(200);

        bed.clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(byCookie("GET", "/api/me", login, null, null).status()).as("a second before its end").isEqualTo(200);
        bed.clock.advance(Duration.ofSeconds(1));
        HttpTestBed.Reply ended = byCookie("GET", "/api/me", login, null, null);
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(bed.get("/api/me", bed.worker(1)).status()).as("the token itself is still valid").isEqualTo(200);

        // An end the browser did not get from the server, or none, is no login.
        for (String forged : List.of("exam_session=" + bed.worker(1), "exam_session=x~" + bed.worker(1),
                "exam_session=99999999999999999999~" + bed.worker(1))) {
            assertThat(bed.send("GET", "/api/me", null, null, Map.of("Cookie", forged)).status()).as(forged)
                    .isEqualTo(401);
        }
    }

    @Test
    void behindHttpsTheCookiesAreSecureHostOnlyAndBrowsersAreToldToStayOnHttps() {
        try (HttpTestBed secure = new HttpTestBed(1, b -> b.secureCookies(true)).scheduleDirectly(5)) {
            HttpTestBed.Reply reply = secure.post("/api/login", null, HttpTestBed.json(Map.of("token", secure.worker(1))));
            assertThat(reply.status()).isEqualTo(200);
            List<String> setCookies = reply.headers().allValues("Set-Cookie");
            assertThat(setCookies).hasSize(2).allSatisfy(c -> assertThat(c).startsWith("__Host-exam_")
                    .containsIgnoringCase("; Secure").containsIgnoringCase("Path=/").doesNotContainIgnoringCase("Domain"));
            assertThat(reply.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");

            String cookie = setCookies.stream().filter(c -> c.startsWith("__Host-exam_session=")).findFirst()
                    .orElseThrow().split(";", 2)[0];
            assertThat(secure.send("GET", "/api/me", null, null, Map.of("Cookie", cookie)).status()).isEqualTo(200);
            String unprefixed = cookie.substring("__Host-".length());
            assertThat(secure.send("GET", "/api/me", null, null, Map.of("Cookie", unprefixed)).status())
                    .as("a cookie without the prefix, as a sibling subdomain could set").isEqualTo(401);
        }
        assertThat(bed.get("/health", null).header("Strict-Transport-Security")).as("over plain HTTP").isNull();
    }

    @Test
    void theCsrfTokenIsTheSameForEveryLoginWithATokenAndDiffersBetweenTokens() {
        Login first = login(bed.worker(1));
        Login again = login(bed.worker(1));
        Login other = login(bed.worker(2));
        assertThat(again.csrf()).isEqualTo(first.csrf());
        assertThat(other.csrf()).isNotEqualTo(first.csrf());
        HttpTestBed.Reply crossed = byCookie("POST", "/api/sessions/" + bed.sid(2) + "/start", other, null,
                first.csrf());
        assertThat(crossed.status()).isEqualTo(403);
        assertThat(crossed.code()).isEqualTo("CSRF_TOKEN_INVALID");
    }

    @Test
    void aCookieRequestChangingStateWithoutTheCsrfHeaderIsRefusedAndChangesNothing() {
        Login login = login(bed.worker(1));

        HttpTestBed.Reply refused = byCookie("POST", "/api/sessions/" + bed.sid(1) + "/start", login, null, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("CSRF_TOKEN_INVALID");
        HttpTestBed.Reply wrong = byCookie("POST", "/api/sessions/" + bed.sid(1) + "/start", login, null, "guess");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.code()).isEqualTo("CSRF_TOKEN_INVALID");
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.NOT_STARTED);

        HttpTestBed.Reply accepted = byCookie("POST", "/api/sessions/" + bed.sid(1) + "/start", login, null, login.csrf());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.IN_PROGRESS);

        String save = HttpTestBed.json(Map.of("questionId", "q1", "optionId", "q1.a", "pageIndex", 0, "clientSeq", 1));
        assertThat(byCookie("POST", "/api/sessions/" + bed.sid(1) + "/answers", login, save, null).status())
                .isEqualTo(403);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).isEmpty();
        assertThat(byCookie("POST", "/api/sessions/" + bed.sid(1) + "/answers", login, save, login.csrf()).status())
                .isEqualTo(200);
        assertThat(bed.storage.responses().findBySession(bed.sid(1))).hasSize(1);
    }

    @Test
    void aCookieGetNeedsNoCsrfToken() {
        Login login = login(bed.worker(1));

        HttpTestBed.Reply status = byCookie("GET", "/api/sessions/" + bed.sid(1) + "/status", login, null, null);

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("status").asText()).isEqualTo("NotStarted");
    }

    @Test
    void aBearerRequestNeedsNoCsrfToken() {
        assertThat(bed.start(1).status()).isEqualTo(200);
    }

    @Test
    void anotherWorkersCsrfTokenDoesNotOpenMySession() {
        Login mine = login(bed.worker(1));
        Login theirs = login(bed.worker(2));

        HttpTestBed.Reply reply = byCookie("POST", "/api/sessions/" + bed.sid(1) + "/start", mine, null, theirs.csrf());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("CSRF_TOKEN_INVALID");
    }

    @Test
    void logoutTellsTheBrowserToDropBothCookies() {
        Login login = login(bed.worker(1));
        assertThat(byCookie("POST", "/api/logout", login, null, null).status()).isEqualTo(403);

        HttpTestBed.Reply out = byCookie("POST", "/api/logout", login, null, login.csrf());
        assertThat(out.status()).isEqualTo(204);
        List<String> cleared = out.headers().allValues("Set-Cookie");
        assertThat(cleared).anySatisfy(c -> assertThat(c).startsWith("exam_session=;").contains("Expires=Thu, 01 Jan 1970"));
        assertThat(cleared).anySatisfy(c -> assertThat(c).startsWith("exam_csrf=;").contains("Expires=Thu, 01 Jan 1970"));

        HttpTestBed.Reply after = bed.send("GET", "/api/me", null, null, Map.of());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void revokingTheTokenEndsItsCookieSessions() {
        HttpTestBed.Reply issued = bed.post("/api/tokens", bed.adminToken,
                HttpTestBed.json(Map.of("subject", Map.of("id", "w-1", "role", "WORKER"))));
        Login login = login(issued.json().path("token").asText());
        assertThat(byCookie("GET", "/api/me", login, null, null).status()).isEqualTo(200);

        bed.engine.revokeToken().revokeToken(new RevokeTokenCommand(HttpTestBed.ROOT,
                issued.json().path("tokenId").asText()));

        assertThat(byCookie("GET", "/api/me", login, null, null).status()).isEqualTo(401);
    }

    @Test
    void aLoginWhoseTokenWasRevokedCanStillLogOut() {
        HttpTestBed.Reply issued = bed.post("/api/tokens", bed.adminToken,
                HttpTestBed.json(Map.of("subject", Map.of("id", "w-1", "role", "WORKER"))));
        Login login = login(issued.json().path("token").asText());
        bed.engine.revokeToken().revokeToken(new RevokeTokenCommand(HttpTestBed.ROOT,
                issued.json().path("tokenId").asText()));

        assertThat(byCookie("POST", "/api/logout", login, null, null).status()).as("without the CSRF token")
                .isEqualTo(403);
        HttpTestBed.Reply out = byCookie("POST", "/api/logout", login, null, login.csrf());
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("exam_session=;").contains("Expires=Thu, 01 Jan 1970"));
    }

    @Test
    void aCredentialThatACookieCannotCarryIsRefusedAtLoginInsteadOfLoggingInAndOut() {
        LoginCookies cookies = new LoginCookies(bed.clock, Duration.ofHours(8));
        for (String credential : List.of("p:John Doe, HR;x=\"1\"", "x".repeat(LoginCookies.MAX_CREDENTIAL_LENGTH + 1),
                "caf\u00e9-token")) {
            assertThatThrownBy(() -> cookies.open(credential)).isInstanceOf(ExamException.class)
                    .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
        }
        String longest = "t".repeat(LoginCookies.MAX_CREDENTIAL_LENGTH);
        LoginCookies.LoginSession opened = cookies.open(longest);
        assertThat(opened.credential()).isEqualTo(longest);
        assertThat(cookies.find(LoginCookies.cookieValue(opened))).get()
                .extracting(LoginCookies.LoginSession::credential).isEqualTo(longest);
    }

    @Test
    void aLoginWithAnUnknownTokenIsRefused() {
        HttpTestBed.Reply reply = bed.post("/api/login", null, HttpTestBed.json(Map.of("token", "nobody.secret")));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(reply.headers().allValues("Set-Cookie")).isEmpty();
    }
}
