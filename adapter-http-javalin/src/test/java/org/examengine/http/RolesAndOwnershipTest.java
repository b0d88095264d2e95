package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call what: the engine's rules, seen through HTTP statuses and problem codes. */
class RolesAndOwnershipTest {

    private HttpTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new HttpTestBed(2).scheduleDirectly(5);
        assertThat(bed.start(1).status()).isEqualTo(200);
        assertThat(bed.start(2).status()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void aWorkerReadingAnotherWorkersSessionIsToldItDoesNotExist() {
        for (String path : new String[] {"/status", "/result"}) {
            HttpTestBed.Reply reply = bed.get("/api/sessions/" + bed.sid(2) + path, bed.worker(1));
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.code()).isEqualTo("SESSION_NOT_FOUND");
        }
        HttpTestBed.Reply start = bed.post("/api/sessions/" + bed.sid(2) + "/start", bed.worker(1));
        assertThat(start.status()).isEqualTo(404);
    }

    @Test
    void aHeadRequestIsCheckedAsItsGetIs() {
        String status = "/api/sessions/" + bed.sid(1) + "/status";
        assertThat(bed.send("HEAD", status, null, null, Map.of()).status()).isEqualTo(401);
        assertThat(bed.send("HEAD", status, bed.worker(2), null, Map.of()).status()).isEqualTo(404);
        assertThat(bed.send("HEAD", "/api/assessments", bed.worker(1), null, Map.of()).status()).isEqualTo(403);
        HttpTestBed.Reply mine = bed.send("HEAD", status, bed.worker(1), null, Map.of());
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.contentType()).startsWith("application/json");
        assertThat(mine.body()).isEmpty();
    }

    @Test
    void aWorkerSavingIntoAnotherWorkersSessionIsToldItDoesNotExistAndNothingIsStored() {
        HttpTestBed.Reply reply = bed.post("/api/sessions/" + bed.sid(2) + "/answers", bed.worker(1),
                HttpTestBed.json(Map.of("questionId", "q1", "optionId", "q1.a", "pageIndex", 0, "clientSeq", 1)));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(bed.storage.responses().findBySession(bed.sid(2))).isEmpty();
    }

    @Test
    void aWorkerCallingMonitoringOrHcActionsIsForbidden() {
        HttpTestBed.Reply monitoring = bed.get("/api/assessments/" + bed.assessmentId + "/monitoring", bed.worker(1));
        assertThat(monitoring.status()).isEqualTo(403);
        assertThat(monitoring.code()).isEqualTo("FORBIDDEN");
        assertThat(bed.post("/api/sessions/" + bed.sid(2) + "/pause", bed.worker(1)).status()).isEqualTo(403);
        assertThat(bed.get("/api/assessments/" + bed.assessmentId + "/results.csv", bed.worker(1)).status())
                .isEqualTo(403);
        assertThat(bed.get("/api/assessments", bed.worker(1)).status()).isEqualTo(403);
    }

    @Test
    void hcActionsTellAWorkerNothingOfWhichSessionsExist() {
        for (String sessionId : List.of(bed.sid(2).value(), "doesnotexist123")) {
            for (String action : List.of("pause", "resume", "force-close", "reset", "reshuffle")) {
                HttpTestBed.Reply reply = bed.post("/api/sessions/" + sessionId + "/" + action, bed.worker(1));
                assertThat(reply.status()).as(action + " " + sessionId).isEqualTo(403);
                assertThat(reply.code()).isEqualTo("FORBIDDEN");
            }
            HttpTestBed.Reply extend = bed.post("/api/sessions/" + sessionId + "/extend", bed.worker(1),
                    HttpTestBed.json(Map.of("minutes", 5)));
            assertThat(extend.status()).as("extend " + sessionId).isEqualTo(403);
            HttpTestBed.Reply history = bed.get("/api/sessions/" + sessionId + "/history", bed.worker(1));
            assertThat(history.status()).as("history " + sessionId).isEqualTo(403);
            assertThat(history.code()).isEqualTo("FORBIDDEN");
        }
        // And staff cannot use the worker's calls to learn it either.
        for (String sessionId : List.of(bed.sid(2).value(), "doesnotexist123")) {
            HttpTestBed.Reply start = bed.post("/api/sessions/" + sessionId + "/start", bed.hcToken);
            assertThat(start.status()).as("start " + sessionId).isEqualTo(403);
            HttpTestBed.Reply save = bed.post("/api/sessions/" + sessionId + "/answers", bed.hcToken,
                    HttpTestBed.json(Map.of("questionId", "q1", "optionId", "q1.a", "pageIndex", 0, "clientSeq", 1)));
            assertThat(save.status()).as("save " + sessionId).isEqualTo(403);
            assertThat(bed.post("/api/sessions/" + sessionId + "/submit", bed.hcToken).status())
                    .as("submit " + sessionId).isEqualTo(403);
        }
    }

    @Test
    void onlyAnAdminImportsSchedulesAndIssuesTokens() {
        String token = HttpTestBed.json(Map.of("subject", Map.of("id", "w-9", "role", "WORKER")));
        HttpTestBed.Reply byHc = bed.post("/api/tokens", bed.hcToken, token);
        assertThat(byHc.status()).isEqualTo(403);
        assertThat(byHc.code()).isEqualTo("FORBIDDEN");
        HttpTestBed.Reply byAdmin = bed.post("/api/tokens", bed.adminToken, token);
        assertThat(byAdmin.status()).isEqualTo(201);
        String issued = byAdmin.json().path("token").asText();
        assertThat(bed.get("/api/me", issued).json().path("id").asText()).isEqualTo("w-9");

        HttpTestBed.Reply revoked = bed.send("DELETE", "/api/tokens/" + byAdmin.json().path("tokenId").asText(),
                bed.adminToken, null, Map.of());
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(bed.get("/api/me", issued).status()).isEqualTo(401);
    }

    @Test
    void aCallerWhoMayNeverImportScheduleOrIssueIsToldSoBeforeAnythingIsSaidOfTheBody() {
        for (String path : new String[] {"/api/packages", "/api/assessments", "/api/tokens"}) {
            for (String token : new String[] {bed.hcToken, bed.worker(1)}) {
                HttpTestBed.Reply reply = bed.post(path, token, "{}");
                assertThat(reply.status()).as(path).isEqualTo(403);
                assertThat(reply.code()).as(path).isEqualTo("FORBIDDEN");
            }
            assertThat(bed.post(path, bed.adminToken, "{}").status()).as(path + " by an admin").isEqualTo(400);
        }
    }

    @Test
    void hcCannotTakeAWorkersExam() {
        HttpTestBed.Reply reply = bed.post("/api/sessions/" + bed.sid(1) + "/start", bed.hcToken);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("FORBIDDEN");
    }

    @Test
    void aRequestWithoutTokenIsUnauthenticated() {
        HttpTestBed.Reply reply = bed.get("/api/sessions/" + bed.sid(1) + "/status", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(bed.get("/api/assessments/" + bed.assessmentId + "/monitoring", null).status()).isEqualTo(401);
    }

    @Test
    void hcAndAdminMayReadAWorkersResult() {
        assertThat(bed.post("/api/sessions/" + bed.sid(1) + "/submit", bed.worker(1)).status()).isEqualTo(200);
        HttpTestBed.Reply reply = bed.get("/api/sessions/" + bed.sid(1) + "/result", bed.hcToken);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("reviewIncluded").asBoolean()).isTrue();
    }
}
