package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** HC reads a session's earlier attempts and its audit trail over HTTP; a worker may not. */
class SessionHistoryOverHttpTest {

    @Test
    void hcSeesTheAttemptAResetKeptAndEveryAuditedStep() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            String history = "/api/sessions/" + bed.sid(1) + "/history";
            assertThat(bed.start(1).status()).isEqualTo(200);
            assertThat(bed.save(1, 1, "q1.a", 1).status()).isEqualTo(200);
            assertThat(bed.post("/api/sessions/" + bed.sid(1) + "/submit", bed.worker(1)).status()).isEqualTo(200);
            assertThat(bed.post("/api/sessions/" + bed.sid(1) + "/reset", bed.hcToken).status()).isEqualTo(200);

            HttpTestBed.Reply reply = bed.get(history, bed.hcToken);

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode body = reply.json();
            assertThat(body.path("attempt").asInt()).isEqualTo(2);
            assertThat(body.path("status").asText()).isEqualTo("NotStarted");
            JsonNode first = body.path("attempts").get(0);
            assertThat(body.path("attempts").size()).isEqualTo(1);
            assertThat(first.path("attempt").asInt()).isEqualTo(1);
            assertThat(first.path("status").asText()).isEqualTo("Completed");
            assertThat(first.path("answeredCount").asInt()).isEqualTo(1);
            assertThat(first.path("answers").get(0).path("optionId").asText()).isEqualTo("q1.a");
            assertThat(first.path("result").asText()).isIn("Pass", "Fail");
            List<String> actions = new ArrayList<>();
            body.path("events").forEach(e -> actions.add(e.path("action").asText()));
            assertThat(actions).containsExactly("SESSION_STARTED", "SESSION_SUBMITTED", "SESSION_RESET");
            assertThat(body.path("events").get(2).path("actorRole").asText()).isEqualTo("HC");

            HttpTestBed.Reply worker = bed.get(history, bed.worker(1));
            assertThat(worker.status()).isEqualTo(403);
            assertThat(worker.code()).isEqualTo("FORBIDDEN");
        }
    }
}
