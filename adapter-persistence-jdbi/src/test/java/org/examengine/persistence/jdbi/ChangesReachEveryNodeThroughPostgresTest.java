package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

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
    void aNodeWhoseListeningConnectionWentSilentNoticesAndListensAgain() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        int port = Integer.parseInt(url.replaceAll("^jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/.*$", "$1"));
        BlockingQueue<ExamEvent> onB = new LinkedBlockingQueue<>();
        try (SilencingProxy proxy = new SilencingProxy(port)) {
            String throughProxy = url.replace(":" + port + "/", ":" + proxy.port() + "/");
            try (PostgresEventRelay a = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", e -> { });
                 PostgresEventRelay b = PostgresEventRelay.start(throughProxy, EmbeddedPostgresServer.USER, "",
                         onB::add)) {
                a.publish(event(0));
                assertThat(take(onB)).isEqualTo(event(0));

                // A firewall forgets B's flows: nothing tells B, whose LISTEN connection only waits.
                proxy.silenceOpenFlows();
                long silenced = System.nanoTime();
                ExamEvent later = null;
                for (int n = 1; later == null && System.nanoTime() - silenced < TimeUnit.SECONDS.toNanos(60); n++) {
                    a.publish(event(n));
                    later = onB.poll(1, TimeUnit.SECONDS);
                }
                assertThat(later).as("an event reached B again within a minute").isNotNull();
            }
        }
    }

    private static ExamEvent event(int n) {
        return new ExamEvent(ExamEvent.Type.ANSWER_SAVED, AssessmentId.of("a-1"), SessionId.of("s-" + n),
                Instant.parse("2026-03-02T08:00:00Z").plusSeconds(n));
    }

    @Test
    void aBurstOfEventsReachesTheOtherNodeEveryOneOnceInOrderInFewerNotificationsThanEvents() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        BlockingQueue<ExamEvent> onB = new LinkedBlockingQueue<>();
        List<ExamEvent> published = events(3_000);
        try (Connection raw = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "")) {
            try (Statement st = raw.createStatement()) {
                st.execute("LISTEN " + PostgresEventRelay.CHANNEL);
            }
            try (PostgresEventRelay a = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", e -> { });
                 PostgresEventRelay b = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", onB::add)) {
                published.forEach(a::publish);
                List<ExamEvent> received = new ArrayList<>();
                for (int i = 0; i < published.size(); i++) {
                    received.add(take(onB));
                }
                assertThat(received).isEqualTo(published);
                Thread.sleep(500);
                assertThat(onB).as("nothing delivered twice").isEmpty();
            }
            PGNotification[] notifications = raw.unwrap(PGConnection.class).getNotifications(1_000);
            // Sent together: a notification carries many events (one per event would be 3,000).
            assertThat(notifications).isNotEmpty().hasSizeLessThan(published.size() / 10);
        }
    }

    @Test
    void whatIsQueuedWhenANodeClosesIsStillSent() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        BlockingQueue<ExamEvent> onB = new LinkedBlockingQueue<>();
        List<ExamEvent> published = events(500);
        try (PostgresEventRelay b = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", onB::add)) {
            PostgresEventRelay a = PostgresEventRelay.start(url, EmbeddedPostgresServer.USER, "", e -> { });
            published.forEach(a::publish);
            a.close();

            List<ExamEvent> received = new ArrayList<>();
            for (int i = 0; i < published.size(); i++) {
                received.add(take(onB));
            }
            assertThat(received).isEqualTo(published);
        }
    }

    @Test
    void eventsAreSplitIntoPayloadsPostgresqlAccepts() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add("node|ANSWER_SAVED|assessment-1|session-" + i + "|2026-03-02T08:00:00.123456Z");
        }

        List<String> payloads = PostgresEventRelay.payloads(events);

        // PostgreSQL refuses a payload of 8,000 bytes or more.
        assertThat(payloads).hasSizeGreaterThan(1)
                .allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8_000));
        assertThat(payloads.stream().flatMap(p -> Arrays.stream(p.split("\n"))).toList()).isEqualTo(events);
        assertThat(PostgresEventRelay.payloads(List.of())).isEmpty();
    }

    private static List<ExamEvent> events(int count) {
        Instant at = Instant.parse("2026-03-02T08:00:00Z");
        List<ExamEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new ExamEvent(ExamEvent.Type.ANSWER_SAVED, AssessmentId.of("assessment-" + (i % 3)),
                    SessionId.of("session-" + i), at.plusMillis(i)));
        }
        return events;
    }

    private static ExamEvent take(BlockingQueue<ExamEvent> queue) throws InterruptedException {
        ExamEvent event = queue.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }
}
