package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.examengine.application.inmemory.InMemoryTokenStore;
import org.examengine.application.port.out.TokenStore;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

/** Health, metrics, the background sweeper and the last line of defence for unexpected failures. */
class OperationsEndpointsTest {

    @Test
    void healthAnswersUpWithoutAuthentication() {
        try (HttpTestBed bed = new HttpTestBed(0)) {
            HttpTestBed.Reply health = bed.get("/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void metricsTimeRequestsPerRouteAndCountPushMessages() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            assertThat(bed.get("/api/sessions/" + bed.sid(1) + "/status", bed.worker(1)).status()).isEqualTo(200);
            assertThat(bed.get("/api/sessions/" + bed.sid(1) + "/status", bed.worker(1)).status()).isEqualTo(200);
            try (PushClient hc = PushClient.connect(bed, "/ws/assessments/" + bed.assessmentId + "/monitoring",
                    bed.hcToken)) {
                hc.await(m -> m.path("type").asText().equals("snapshot"));
            }

            HttpTestBed.Reply metrics = bed.get("/metrics", null);

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.contentType()).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/sessions/{sessionId}/status\","
                            + "status=\"200\"} 2")
                    .contains("exam_push_messages_total{channel=\"monitoring\",type=\"snapshot\"}")
                    .contains("exam_push_watchers");
        }
    }

    @Test
    void aStoppedServerCannotStartAgainAndLeavesNoPortOpen() throws Exception {
        HttpTestBed bed = new HttpTestBed(1);
        int port = bed.server.port();
        bed.close();

        assertThatThrownBy(bed.server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped");
        try (java.net.Socket probe = new java.net.Socket()) {
            assertThatThrownBy(() -> probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000))
                    .as("nothing listens on the stopped server's port").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aStartThatCannotListenSaysWhyAndLeavesTheServerStopped() throws Exception {
        try (HttpTestBed bed = new HttpTestBed(0)) {
            int taken = bed.server.port();
            ExamHttpServer sameport = ExamHttpServer.builder(bed.engine).port(taken).build();
            assertThatThrownBy(sameport::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken + ": ");
            assertThatThrownBy(sameport::port).isInstanceOf(IllegalStateException.class).hasMessage("the server is stopped");
            assertThatThrownBy(sameport::start).hasMessageContaining("stopped");

            ExamHttpServer nowhere = ExamHttpServer.builder(bed.engine).host("nosuchhost.invalid").port(0).build();
            assertThatThrownBy(nowhere::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen on nosuchhost.invalid:0: the host does not resolve");

            // A second server fed by the first one's publisher is refused, and stopped, not left half started.
            ExamHttpServer second = ExamHttpServer.builder(bed.engine).port(0).liveUpdates(bed.live).build();
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("publisher");
            assertThatThrownBy(second::port).hasMessage("the server is stopped");
            assertThat(bed.get("/health", null).status()).as("the first server carries on").isEqualTo(200);
        }
    }

    @Test
    void aPingIntervalThatIsNotBelowTheIdleTimeoutIsRefusedWhenBuilt() {
        try (HttpTestBed bed = new HttpTestBed(0)) {
            assertThatThrownBy(() -> ExamHttpServer.builder(bed.engine).webSocketIdleTimeout(Duration.ofSeconds(5))
                    .webSocketPingInterval(Duration.ofSeconds(5)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webSocketPingInterval");
        }
    }

    @Test
    void anUnexpectedFailureIsA500ProblemWithoutInternals() {
        TokenStore failing = new FailingTokenStore();
        try (HttpTestBed bed = new HttpTestBed(0, b -> { }, failing)) {
            HttpTestBed.Reply reply = bed.get("/api/me", "boom.secret");

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.code()).isEqualTo("INTERNAL_ERROR");
            assertThat(reply.json().path("detail").asText()).contains("incident");
            assertThat(reply.body()).doesNotContain("IllegalStateException").doesNotContain("connection string")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aDatabaseOutOfReachIsA503ToRetryAfterASecond() {
        try (HttpTestBed bed = new HttpTestBed(0, b -> { }, new FailingTokenStore())) {
            HttpTestBed.Reply reply = bed.get("/api/me", "down.secret");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.code()).isEqualTo("STORAGE_UNAVAILABLE");
            assertThat(reply.header("Retry-After")).isEqualTo("1");
            assertThat(reply.json().path("detail").asText()).contains("retry");
        }
    }

    @Test
    void theSweeperClosesOverdueSessionsWithoutAnyRequest() {
        try (HttpTestBed bed = new HttpTestBed(1, b -> b.sweepInterval(Duration.ofMillis(50))).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);

            bed.clock.advanceSeconds(30 * 60 + 121);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status() != SessionStatus.COMPLETED
                    && System.nanoTime() < deadline) {
                PushClient.sleep(20);
            }
            ExamSession session = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(session.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        }
    }

    /** A token store whose storage fails for the token id {@code boom}, and is out of reach for {@code down}. */
    private static final class FailingTokenStore implements TokenStore {
        private final InMemoryTokenStore delegate = new InMemoryTokenStore();

        @Override
        public void insert(StoredToken token) {
            delegate.insert(token);
        }

        @Override
        public Optional<StoredToken> findById(String tokenId) {
            if (tokenId.equals("boom")) {
                throw new IllegalStateException("storage down: connection string jdbc:secret");
            }
            if (tokenId.equals("down")) {
                throw new ExamException(ErrorCode.STORAGE_UNAVAILABLE, "the database cannot be reached; retry");
            }
            return delegate.findById(tokenId);
        }

        @Override
        public boolean revoke(String tokenId, Instant at) {
            return delegate.revoke(tokenId, at);
        }
    }
}
