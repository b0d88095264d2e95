package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pages and their assets come from the jar with a strict policy, revalidated by ETag; nothing else does. */
class BrowserPagesAreServedTest {

    private HttpTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new HttpTestBed(1);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void everyPageIsHtmlWithAStrictContentSecurityPolicyAndNeedsNoLoginToLoad() {
        for (String path : new String[] {"/login", "/assessments", "/assessments/a-1/monitor", "/exam/s-1",
            "/result/s-1"}) {
            HttpTestBed.Reply reply = bed.get(path, null);
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.contentType()).as(path).startsWith("text/html");
            assertThat(reply.header("Content-Security-Policy")).as(path)
                    .contains("script-src 'self'").contains("connect-src 'self'").doesNotContain("unsafe-inline");
            assertThat(reply.body()).as(path).contains("<script type=\"module\" src=\"/assets/");
        }
    }

    @Test
    void assetsAreRevalidatedByTheirETag() {
        HttpTestBed.Reply first = bed.get("/assets/exam.js", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("text/javascript");
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");

        HttpTestBed.Reply again = bed.send("GET", "/assets/exam.js", null, null,
                Map.of("If-None-Match", first.header("ETag")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void theExamPagesServiceWorkerIsServedFromTheRootSoThatItMayServeTheExamPages() {
        HttpTestBed.Reply worker = bed.get("/exam-offline.js", null);

        assertThat(worker.status()).isEqualTo(200);
        assertThat(worker.contentType()).startsWith("text/javascript");
        assertThat(worker.header("Cache-Control")).as("a new release replaces it at once").isEqualTo("no-cache");
        assertThat(worker.body()).contains("addEventListener('fetch'");
    }

    @Test
    void headAnswersAPageWithItsHeadersAndNoBody() {
        HttpTestBed.Reply get = bed.get("/exam/s-1", null);
        HttpTestBed.Reply head = bed.send("HEAD", "/exam/s-1", null, null, Map.of());

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.contentType()).startsWith("text/html");
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Security-Policy")).isEqualTo(get.header("Content-Security-Policy"));
        assertThat(bed.send("HEAD", "/assets/nope.js", null, null, Map.of()).status()).isEqualTo(404);
        assertThat(bed.send("HEAD", "/", null, null, Map.of()).status()).isEqualTo(302);
    }

    @Test
    void anUnknownAssetIsNotFoundAndPathsCannotLeaveTheAssetFolder() {
        assertThat(bed.get("/assets/nope.js", null).status()).isEqualTo(404);
        assertThat(bed.get("/assets/..%2Fopenapi.json", null).status()).isEqualTo(404);
        assertThat(bed.get("/assets/", null).status()).isEqualTo(404);
    }

    @Test
    void theSiteRootSendsTheBrowserToTheLoginPage() {
        HttpTestBed.Reply reply = bed.get("/", null);
        assertThat(reply.status()).isBetween(301, 303);
        assertThat(reply.header("Location")).isEqualTo("/login");
    }

    @Test
    void theLoginFormSentWithoutItsScriptPutsNoTokenInAnAddressAndLeadsBackToTheForm() {
        String page = bed.get("/login", null).body();
        assertThat(page).contains("<form id=\"login-form\" class=\"card\" method=\"post\"");
        assertThat(page).containsPattern("<input id=\"token\"(?![^>]*name=)[^>]*>");
        HttpTestBed.Reply sent = bed.post("/login", null, "");
        assertThat(sent.status()).isEqualTo(303);
        assertThat(sent.header("Location")).isEqualTo("/login");
    }
}
