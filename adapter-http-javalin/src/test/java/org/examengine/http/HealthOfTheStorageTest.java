package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.port.out.AssessmentRepository;
import org.examengine.application.port.out.AttemptHistoryRepository;
import org.examengine.application.port.out.AuditLog;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.PackageRepository;
import org.examengine.application.port.out.ParticipantRepository;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.application.port.out.SessionRepository;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code /health} tells a load balancer or an orchestrator whether the server can serve an exam: 200 and UP while
 * its storage answers, 503 and DOWN while it does not (a database out of reach, or one that closed itself on a full
 * disk), and UP again once it answers.
 */
class HealthOfTheStorageTest {

    /** The in-memory storage, with a switch that makes it report itself unavailable. */
    private static final class SwitchableStorage implements ExamStorage {
        final InMemoryExamStorage delegate = new InMemoryExamStorage();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public boolean available() {
            return !down.get();
        }

        @Override
        public AssessmentRepository assessments() {
            return delegate.assessments();
        }

        @Override
        public PackageRepository packages() {
            return delegate.packages();
        }

        @Override
        public ParticipantRepository participants() {
            return delegate.participants();
        }

        @Override
        public SessionRepository sessions() {
            return delegate.sessions();
        }

        @Override
        public ResponseRepository responses() {
            return delegate.responses();
        }

        @Override
        public AttemptHistoryRepository history() {
            return delegate.history();
        }

        @Override
        public AuditLog audit() {
            return delegate.audit();
        }

        @Override
        public TransactionRunner transactions() {
            return delegate.transactions();
        }

        @Override
        public Optional<LockedAnswer> lockForAnswer(SessionId sessionId, QuestionId questionId) {
            return delegate.lockForAnswer(sessionId, questionId);
        }
    }

    @Test
    void healthIsDownWith503WhileTheStorageDoesNotAnswerAndUpAgainAfter() throws Exception {
        SwitchableStorage storage = new SwitchableStorage();
        ExamEngine engine = ExamEngine.builder().storage(storage).build();
        try (ExamHttpServer server = ExamHttpServer.builder(engine).host("127.0.0.1").port(0)
                .sweepInterval(Duration.ZERO).build().start()) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI health = URI.create("http://127.0.0.1:" + server.port() + "/health");

            HttpResponse<String> up = client.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(json(up).path("status").asText()).isEqualTo("UP");
            assertThat(json(up).path("storage").asText()).isEqualTo("UP");

            storage.down.set(true);
            HttpResponse<String> down = client.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(json(down).path("status").asText()).isEqualTo("DOWN");
            assertThat(json(down).path("storage").asText()).isEqualTo("DOWN");
            assertThat(down.headers().firstValue("Cache-Control")).hasValue("no-store");

            storage.down.set(false);
            assertThat(client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("answering again").isEqualTo(200);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }
}
