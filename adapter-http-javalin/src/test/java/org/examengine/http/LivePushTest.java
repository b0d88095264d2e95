package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.Test;

/** The WebSocket channels: monitoring per assessment, status per worker session. */
class LivePushTest {

    private static String monitoringPath(HttpTestBed bed) {
        return "/ws/assessments/" + bed.assessmentId + "/monitoring";
    }

    private static boolean rowProgress(JsonNode message, String sessionId, int progress) {
        for (JsonNode row : message.path("sessions")) {
            if (row.path("sessionId").asText().equals(sessionId) && row.path("progress").asInt() == progress) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aWatcherGetsASnapshotAndThenTheChangeOfASaveMadeThroughTheApi() {
        try (HttpTestBed bed = new HttpTestBed(3).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            try (PushClient hc = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                JsonNode snapshot = hc.await(m -> m.path("type").asText().equals("snapshot"));
                assertThat(snapshot.path("sessions")).hasSize(3);
                assertThat(snapshot.toString()).doesNotContain("@example.com").doesNotContain("EMP-");

                assertThat(bed.save(1, 2, "q2.a", 1).status()).isEqualTo(200);

                JsonNode changes = hc.await(m -> m.path("type").asText().equals("changes")
                        && rowProgress(m, bed.sid(1).value(), 1));
                assertThat(changes.path("version").asLong()).isGreaterThan(snapshot.path("version").asLong());
                assertThat(changes.path("fromVersion").asLong()).isEqualTo(snapshot.path("version").asLong());
                assertThat(changes.path("sessions")).hasSize(1);
                assertThat(changes.path("summary").path("InProgress").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void aWatcherThatReconnectsWithItsLastVersionEndsWithTheSameStateAsOneThatNeverLeft() {
        try (HttpTestBed bed = new HttpTestBed(3).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            try (PushClient stayer = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                MonitoringMirror leaverMirror = new MonitoringMirror();
                long lastVersion;
                try (PushClient leaver = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                    leaver.await(m -> m.path("type").asText().equals("snapshot"));
                    assertThat(bed.save(1, 1, "q1.a", 1).status()).isEqualTo(200);
                    leaver.await(m -> rowProgress(m, bed.sid(1).value(), 1));
                    leaverMirror.applyAll(leaver.messages);
                    lastVersion = leaverMirror.version;
                }
                // Changes while the leaver is away.
                assertThat(bed.save(1, 2, "q2.b", 2).status()).isEqualTo(200);
                assertThat(bed.start(2).status()).isEqualTo(200);
                assertThat(bed.save(2, 1, "q1.c", 1).status()).isEqualTo(200);
                assertThat(bed.post("/api/sessions/" + bed.sid(1) + "/pause", bed.hcToken).status()).isEqualTo(200);

                try (PushClient back = PushClient.connect(bed, monitoringPath(bed) + "?since=" + lastVersion,
                        bed.hcToken)) {
                    JsonNode first = back.await(m -> true);
                    assertThat(first.path("type").asText()).isEqualTo("snapshot");
                    assertThat(bed.save(2, 2, "q2.d", 2).status()).isEqualTo(200);

                    long finalVersion = bed.get("/api/assessments/" + bed.assessmentId + "/monitoring", bed.hcToken)
                            .json().path("version").asLong();
                    MonitoringMirror stayerMirror = awaitVersion(() -> {
                        MonitoringMirror m = new MonitoringMirror();
                        m.applyAll(stayer.messages);
                        return m;
                    }, finalVersion);
                    MonitoringMirror returned = awaitVersion(() -> {
                        MonitoringMirror m = leaverMirror.copy();
                        m.applyAll(back.messages);
                        return m;
                    }, finalVersion);

                    assertThat(returned.rows).isEqualTo(stayerMirror.rows);
                    JsonNode polled = bed.get("/api/assessments/" + bed.assessmentId + "/monitoring", bed.hcToken).json();
                    polled.path("sessions").forEach(row ->
                            assertThat(returned.rows.get(row.path("sessionId").asText())).isEqualTo(row));
                    assertThat(returned.rows.get(bed.sid(1).value()).path("status").asText()).isEqualTo("Paused");
                }
            }
        }
    }

    @Test
    void aSaveIsPushedFromAReadOfItsSessionAloneAndAChangeOfTheAssessmentFromAWholeRead() {
        try (HttpTestBed bed = new HttpTestBed(3).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            assertThat(bed.start(2).status()).isEqualTo(200);
            try (PushClient hc = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                hc.await(m -> m.path("type").asText().equals("snapshot"));
                long wholeReads = snapshots(bed, "whole");

                assertThat(bed.save(1, 1, "q1.a", 1).status()).isEqualTo(200);
                assertThat(bed.save(2, 1, "q1.b", 1).status()).isEqualTo(200);
                hc.await(m -> rowProgress(m, bed.sid(2).value(), 1));
                assertThat(snapshots(bed, "changed")).isPositive();
                assertThat(snapshots(bed, "whole")).isEqualTo(wholeReads);

                assertThat(bed.post("/api/assessments/" + bed.assessmentId + "/close-early", bed.hcToken).status())
                        .isEqualTo(200);
                hc.await(m -> m.path("groupStatus").asText().equals("Closed"));
                assertThat(snapshots(bed, "whole")).isGreaterThan(wholeReads);

                JsonNode polled = bed.get("/api/assessments/" + bed.assessmentId + "/monitoring", bed.hcToken).json();
                MonitoringMirror mirror = awaitVersion(() -> {
                    MonitoringMirror m = new MonitoringMirror();
                    m.applyAll(hc.messages);
                    return m;
                }, polled.path("version").asLong());
                polled.path("sessions").forEach(row ->
                        assertThat(mirror.rows.get(row.path("sessionId").asText())).isEqualTo(row));
            }
        }
    }

    /** How many monitoring snapshots the server computed for push, by how much it read. */
    private static long snapshots(HttpTestBed bed, String read) {
        String prefix = "exam_push_snapshots_seconds_count{read=\"" + read + "\"} ";
        return bed.get("/metrics", null).body().lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length()).trim())).sum();
    }

    private static MonitoringMirror awaitVersion(Supplier<MonitoringMirror> build, long version) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        MonitoringMirror mirror = build.get();
        while (mirror.version < version && System.nanoTime() < deadline) {
            PushClient.sleep(10);
            mirror = build.get();
        }
        assertThat(mirror.version).isEqualTo(version);
        return mirror;
    }

    /** The query of a reconnect holding the view {@code message} left: its version and tag. */
    private static String resumeFrom(JsonNode message) {
        return "?since=" + message.path("version").asLong() + "&tag="
                + URLEncoder.encode(message.path("tag").asText(), StandardCharsets.UTF_8);
    }

    @Test
    void aReconnectWithTheCurrentVersionAndTagIsToldItIsCurrent() {
        try (HttpTestBed bed = new HttpTestBed(2).scheduleDirectly(5)) {
            JsonNode held;
            try (PushClient first = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                held = first.await(m -> m.path("type").asText().equals("snapshot"));
            }
            assertThat(held.path("tag").asText())
                    .isEqualTo(bed.get("/api/assessments/" + bed.assessmentId + "/monitoring", bed.hcToken)
                            .headers().firstValue("ETag").orElseThrow());
            try (PushClient again = PushClient.connect(bed, monitoringPath(bed) + resumeFrom(held), bed.hcToken)) {
                JsonNode resumed = again.await(m -> true);
                assertThat(resumed.path("type").asText()).isEqualTo("resumed");
                assertThat(resumed.path("version").asLong()).isEqualTo(held.path("version").asLong());
                assertThat(resumed.path("tag").asText()).isEqualTo(held.path("tag").asText());
            }
            // A version without the tag does not say which view the client holds: it gets the whole view.
            try (PushClient bare = PushClient.connect(bed, monitoringPath(bed) + "?since="
                    + held.path("version").asLong(), bed.hcToken)) {
                assertThat(bare.await(m -> true).path("type").asText()).isEqualTo("snapshot");
            }
        }
    }

    /** The view a watcher held with worker 1 online and left with; then the worker goes offline, nothing stored. */
    private static JsonNode heldBeforeTheWorkerWentOffline(HttpTestBed bed) {
        assertThat(bed.start(1).status()).isEqualTo(200);
        JsonNode held;
        try (PushClient first = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
            held = first.await(m -> m.path("type").asText().equals("snapshot"));
        }
        assertThat(held.path("sessions").get(0).path("online").asBoolean()).isTrue();
        bed.clock.advanceSeconds(120);
        return held;
    }

    /** A whole view at the version {@code held} had, now showing worker 1 offline. */
    private static void assertFreshWithTheWorkerOffline(JsonNode fresh, JsonNode held) {
        assertThat(fresh.path("type").asText()).isEqualTo("snapshot");
        assertThat(fresh.path("version").asLong()).isEqualTo(held.path("version").asLong());
        assertThat(fresh.path("sessions").get(0).path("online").asBoolean()).isFalse();
    }

    @Test
    void aReconnectToAnotherNodeThatFirstSawTheVersionAfterAWorkerWentOfflineGetsTheWorkerOffline() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            JsonNode held = heldBeforeTheWorkerWentOffline(bed);
            ExamHttpServer other = bed.secondNode();
            // Another HC follows the group on the other node, which so first sees this version with the worker
            // offline; nothing is stored meanwhile.
            try (PushClient onlooker = PushClient.connect(bed, other, monitoringPath(bed), bed.hcToken)) {
                onlooker.await(m -> m.path("type").asText().equals("snapshot"));
            }

            JsonNode fresh;
            try (PushClient again = PushClient.connect(bed, other, monitoringPath(bed) + resumeFrom(held),
                    bed.hcToken)) {
                fresh = again.await(m -> true);
            }
            assertFreshWithTheWorkerOffline(fresh, held);
            // The view the other node sent is current on the first node too.
            try (PushClient back = PushClient.connect(bed, monitoringPath(bed) + resumeFrom(fresh), bed.hcToken)) {
                assertThat(back.await(m -> true).path("type").asText()).isEqualTo("resumed");
            }
        }
    }

    @Test
    void aReconnectAfterAWorkerWentOfflineGetsAFreshSnapshotEvenAtTheSameVersion() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            JsonNode held = heldBeforeTheWorkerWentOffline(bed);
            try (PushClient again = PushClient.connect(bed, monitoringPath(bed) + resumeFrom(held), bed.hcToken)) {
                assertFreshWithTheWorkerOffline(again.await(m -> true), held);
            }
        }
    }

    @Test
    void aParticipantRenamedByAnotherGroupsSchedulingIsPushedToWatchersOfTheFirst() {
        try (HttpTestBed bed = new HttpTestBed(2).scheduleDirectly(5)) {
            try (PushClient hc = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                hc.await(m -> m.path("type").asText().equals("snapshot"));

                bed.engine.scheduleAssessment().scheduleAssessment(new ScheduleAssessmentCommand(HttpTestBed.ROOT,
                        "asmt-2", "Ladder safety", "Competency", LocalDate.of(2026, 3, 3),
                        Instant.parse("2026-03-03T08:00:00Z"), null, 30, 60, null, List.of(PackageId.of("pkg-1")),
                        List.of(new ScheduleAssessmentCommand.ParticipantInput("w-1", "Worker One", "EMP-00001",
                                "worker1@example.com"))));

                JsonNode changes = hc.await(m -> m.path("type").asText().equals("changes")
                        && m.toString().contains("Worker One"));
                assertThat(changes.path("sessions")).hasSize(1);
                assertThat(changes.path("sessions").get(0).path("sessionId").asText()).isEqualTo(bed.sid(1).value());
            }
        }
    }

    @Test
    void theWorkersSessionChannelReceivesPauseResumeExtendAndClose() {
        try (HttpTestBed bed = new HttpTestBed(2).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            String actions = "/api/sessions/" + bed.sid(1);
            try (PushClient page = PushClient.connect(bed, "/ws/sessions/" + bed.sid(1), bed.worker(1))) {
                JsonNode initial = page.await(m -> m.path("type").asText().equals("sessionStatus"));
                assertThat(initial.path("session").path("status").asText()).isEqualTo("InProgress");

                assertThat(bed.post(actions + "/pause", bed.hcToken).status()).isEqualTo(200);
                long paused = page.await(m -> m.path("session").path("status").asText().equals("Paused"))
                        .path("session").path("version").asLong();

                assertThat(bed.post(actions + "/resume", bed.hcToken).status()).isEqualTo(200);
                page.await(m -> m.path("session").path("status").asText().equals("InProgress")
                        && m.path("session").path("version").asLong() > paused);

                assertThat(bed.post(actions + "/extend", bed.hcToken, "{\"minutes\":10}").status()).isEqualTo(200);
                page.await(m -> m.path("session").path("extraTimeSeconds").asLong() == 600);

                assertThat(bed.post(actions + "/force-close", bed.hcToken).status()).isEqualTo(200);
                JsonNode closed = page.await(m -> m.path("session").path("status").asText().equals("Completed"));
                assertThat(closed.path("session").path("closedBy").asText()).isEqualTo("HC");
                assertThat(closed.path("session").path("remainingSeconds").asLong()).isZero();
            }
        }
    }

    @Test
    void aBurstOfChangesCostsOneSnapshotPerCoalescingWindow() {
        try (HttpTestBed bed = new HttpTestBed(1, b -> b.pushCoalescing(Duration.ofSeconds(1))).scheduleDirectly(40)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            try (PushClient hc = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                hc.await(m -> m.path("type").asText().equals("snapshot"));
                long began = System.nanoTime();
                for (int q = 1; q <= 40; q++) {
                    bed.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(Actor.worker("w-1"), bed.sid(1),
                            SampleExam.question(q), SampleExam.correctOption(q), 0, q));
                }
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
                hc.await(m -> rowProgress(m, bed.sid(1).value(), 40));
                long changes = hc.messages.stream().filter(m -> m.path("type").asText().equals("changes")).count();
                // One message a window while the saves go on (tens of ms here; longer on a machine that stalls), and
                // the last one after them: never one a save.
                assertThat(changes).isBetween(1L, 3L + seconds);
            }
        }
    }

    @Test
    void aRevokedTokenClosesTheSocketsItOpenedAtOnceAndAnExpiredOneAtTheNextCheck() {
        try (HttpTestBed bed = new HttpTestBed(2, b -> b.pushRefresh(Duration.ofMillis(300))).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            HttpTestBed.Reply issued = bed.post("/api/tokens", bed.adminToken,
                    HttpTestBed.json(Map.of("subject", Map.of("id", "hc-2", "role", "HC"))));
            assertThat(issued.status()).isEqualTo(201);
            try (PushClient revoked = PushClient.connect(bed, monitoringPath(bed), issued.json().path("token").asText());
                 PushClient kept = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                revoked.await(m -> m.path("type").asText().equals("snapshot"));
                kept.await(m -> m.path("type").asText().equals("snapshot"));

                assertThat(bed.send("DELETE", "/api/tokens/" + issued.json().path("tokenId").asText(), bed.adminToken,
                        null, Map.of()).status()).isEqualTo(204);

                assertThat(revoked.awaitClose()).isEqualTo(4401);
                assertThat(bed.save(1, 1, "q1.a", 1).status()).isEqualTo(200);
                kept.await(m -> rowProgress(m, bed.sid(1).value(), 1));
                assertThat(kept.closeCode).isEqualTo(-1);
            }

            String shortLived = bed.engine.issueToken().issueToken(new IssueTokenCommand(HttpTestBed.ROOT,
                    Actor.worker("w-2"), Duration.ofMinutes(1))).token();
            try (PushClient page = PushClient.connect(bed, "/ws/sessions/" + bed.sid(2), shortLived)) {
                page.await(m -> m.path("type").asText().equals("sessionStatus"));
                bed.clock.advanceSeconds(61);
                assertThat(page.awaitClose()).isEqualTo(4401);
            }
        }
    }

    @Test
    void aClientPingIsAnsweredWithPong() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5);
             PushClient hc = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
            hc.await(m -> m.path("type").asText().equals("snapshot"));
            hc.send("{\"type\":\"ping\"}");
            assertThat(hc.await(m -> m.path("type").asText().equals("pong")).path("at").asText()).isNotBlank();
        }
    }

    @Test
    void socketsAreRefusedBeforeTheHandshakeWithoutTheRightIdentity() {
        try (HttpTestBed bed = new HttpTestBed(2).scheduleDirectly(5)) {
            assertThat(PushClient.handshakeStatus(() -> PushClient.connect(bed, monitoringPath(bed), (String) null))).isEqualTo(401);
            assertThat(PushClient.handshakeStatus(() -> PushClient.connect(bed, monitoringPath(bed), bed.worker(1)))).isEqualTo(403);
            assertThat(PushClient.handshakeStatus(() -> PushClient.connect(bed, "/ws/assessments/nope/monitoring", bed.hcToken)))
                    .isEqualTo(404);
            assertThat(PushClient.handshakeStatus(() -> PushClient.connect(bed, "/ws/sessions/" + bed.sid(2), bed.worker(1))))
                    .isEqualTo(404);
            assertThat(PushClient.handshakeStatus(() -> PushClient.connect(bed, monitoringPath(bed) + "?since=abc", bed.hcToken)))
                    .isEqualTo(400);
        }
    }

    @Test
    void aBrowserSocketIsAuthenticatedByTheLoginCookieOnlyFromThisServersOrigin() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            HttpTestBed.Reply login = bed.post("/api/login", null, HttpTestBed.json(Map.of("token", bed.hcToken)));
            String cookie = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("exam_session=")).findFirst().orElseThrow().split(";", 2)[0];

            assertThat(PushClient.handshakeStatus(() -> PushClient.connect(bed, monitoringPath(bed),
                    Map.of("Cookie", cookie, "Origin", "http://evil.example")))).isEqualTo(403);
            try (PushClient page = PushClient.connect(bed, monitoringPath(bed),
                    Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + bed.server.port()))) {
                assertThat(page.await(m -> true).path("type").asText()).isEqualTo("snapshot");
            }
        }
    }

    @Test
    void aSocketOpenedByABrowserLoginIsClosedWhenTheLoginEnds() {
        try (HttpTestBed bed = new HttpTestBed(1, b -> b.pushRefresh(Duration.ofMillis(300)).loginLifetime(
                Duration.ofHours(1))).scheduleDirectly(5)) {
            HttpTestBed.Reply login = bed.post("/api/login", null, HttpTestBed.json(Map.of("token", bed.hcToken)));
            String cookie = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("exam_session=")).findFirst().orElseThrow().split(";", 2)[0];
            try (PushClient page = PushClient.connect(bed, monitoringPath(bed),
                    Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + bed.server.port()));
                 PushClient bearer = PushClient.connect(bed, monitoringPath(bed), bed.hcToken)) {
                page.await(m -> m.path("type").asText().equals("snapshot"));
                bearer.await(m -> m.path("type").asText().equals("snapshot"));

                bed.clock.advance(Duration.ofHours(1));
                assertThat(page.awaitClose()).isEqualTo(4401);
                assertThat(bed.start(1).status()).isEqualTo(200);
                bearer.await(m -> m.path("type").asText().equals("changes")
                        && m.path("sessions").findValuesAsText("status").contains("InProgress"));
                assertThat(bearer.closeCode).as("the token itself is still valid").isEqualTo(-1);
            }
        }
    }
}
