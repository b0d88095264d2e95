package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.examengine.application.port.out.ExamEvent;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;

class ChangesReachEveryNodeThroughPostgresTest {

    @Test
    void anEventPublishedOnOneNodeReachesTheOtherNodeOnceAndItsOwnNodeOnce() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        BlockingQueue<ExamEvent> onA = new LinkedBlockingQueue<>();
        BlockingQueue<ExamEvent> onB = new LinkedBlockingQueue<>();
        try (PostgresEventRelay a = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", onA::add);
             PostgresEventRelay b = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", onB::add)) {
            ExamEvent saved = new ExamEvent(ExamEvent.Type.ANSWER_SAVED, AssessmentId.of("a-1"), SessionId.of("s-1"),
                    Instant.parse("2026-03-02T08:00:00.123456Z"));
            ExamEvent closed = new ExamEvent(ExamEvent.Type.ASSESSMENT_CLOSED, AssessmentId.of("a-1"), null,
                    Instant.parse("2026-03-02T09:00:00Z"));
            a.publish(saved);
            b.publish(closed);

            assertThat(List.of(take(onA), take(onA))).containsExactlyInAnyOrder(saved, closed);
            assertThat(List.of(take(onB), take(onB))).containsExactlyInAnyOrder(saved, closed);
            Thread.sleep(500);
            assertThat(onA).as("nothing delivered twice").isEmpty();
            assertThat(onB).isEmpty();
        }
    }

    @Test
    void aBurstOfEventsReachesTheOtherNodeEveryOneOnceInTheOrderPublished() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        BlockingQueue<ExamEvent> onB = new LinkedBlockingQueue<>();
        List<ExamEvent> published = new ArrayList<>();
        try (PostgresEventRelay a = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", e -> { });
             PostgresEventRelay b = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", onB::add)) {
            Instant at = Instant.parse("2026-03-02T08:00:00Z");
            // More events than one notification's payload holds, published faster than one commit each could send.
            for (int i = 0; i < 3_000; i++) {
                ExamEvent e = new ExamEvent(ExamEvent.Type.ANSWER_SAVED, AssessmentId.of("assessment-" + (i % 3)),
                        SessionId.of("session-" + i), at.plusMillis(i));
                published.add(e);
                a.publish(e);
            }
            List<ExamEvent> received = new ArrayList<>();
            for (int i = 0; i < published.size(); i++) {
                received.add(take(onB));
            }
            assertThat(received).isEqualTo(published);
            Thread.sleep(500);
            assertThat(onB).as("nothing delivered twice").isEmpty();
        }
    }

    @Test
    void eventsAreSplitIntoPayloadsPostgresqlAccepts() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add("node|ANSWER_SAVED|assessment-1|session-" + i + "|2026-03-02T08:00:00.123456Z");
        }

        List<String> payloads = PostgresEventRelay.payloads(events);

        assertThat(payloads).hasSizeGreaterThan(1)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(PostgresEventRelay.MAX_PAYLOAD_BYTES));
        assertThat(payloads.stream().flatMap(p -> Arrays.stream(p.split("\n"))).toList()).isEqualTo(events);
    }

    private static ExamEvent take(BlockingQueue<ExamEvent> queue) throws InterruptedException {
        ExamEvent event = queue.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }
}
