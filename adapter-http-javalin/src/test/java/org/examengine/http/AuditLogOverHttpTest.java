package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** An administrator reads the latest audit events, token issues and revocations included; no one else may. */
class AuditLogOverHttpTest {

    @Test
    void anAdminSeesTokensIssuedAndRevokedNewestFirstAndHcIsRefused() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            HttpTestBed.Reply issued = bed.post("/api/tokens", bed.adminToken,
                    HttpTestBed.json(Map.of("subject", Map.of("id", "hc-7", "role", "HC"))));
            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            String tokenId = issued.json().path("tokenId").asText();
            assertThat(bed.send("DELETE", "/api/tokens/" + tokenId, bed.adminToken, null, Map.of()).status())
                    .isEqualTo(204);

            HttpTestBed.Reply log = bed.get("/api/audit?limit=2", bed.adminToken);

            assertThat(log.status()).as(log.body()).isEqualTo(200);
            List<String> actions = new ArrayList<>();
            log.json().forEach(e -> actions.add(e.path("action").asText()));
            assertThat(actions).containsExactly("TOKEN_REVOKED", "TOKEN_ISSUED");
            JsonNode first = log.json().get(0);
            assertThat(first.path("detail").asText()).contains(tokenId);
            assertThat(first.path("actorRole").asText()).isEqualTo("ADMIN");
            assertThat(first.path("assessmentId").isNull()).isTrue();
            assertThat(log.body()).doesNotContain(issued.json().path("token").asText().substring(tokenId.length() + 1));

            HttpTestBed.Reply refused = bed.get("/api/audit", bed.hcToken);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("FORBIDDEN");
            assertThat(bed.get("/api/audit?limit=0", bed.adminToken).code()).isEqualTo("INVALID_INPUT");
        }
    }
}
