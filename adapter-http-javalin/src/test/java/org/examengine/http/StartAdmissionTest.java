package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.examengine.domain.session.SessionStatus;
import org.junit.jupiter.api.Test;

/** The start rush is shaped by a token bucket: past its capacity StartExam answers 429 with Retry-After. */
class StartAdmissionTest {

    @Test
    void startsPastTheBucketsCapacityAreRefusedWithRetryAfterAndChangeNothing() {
        try (HttpTestBed bed = new HttpTestBed(3, b -> b.startAdmission(0.01, 2)).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            assertThat(bed.start(2).status()).isEqualTo(200);

            HttpTestBed.Reply refused = bed.start(3);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 100L);
            assertThat(bed.storage.sessions().findById(bed.sid(3)).orElseThrow().status())
                    .isEqualTo(SessionStatus.NOT_STARTED);
            assertThat(bed.start(3).status()).isEqualTo(429);
            assertThat(bed.get("/metrics", null).body()).contains("exam_start_refused_total 2.0");
        }
    }

    @Test
    void pastCapacityAStartIsRefusedBeforeItsCredentialIsChecked() {
        try (HttpTestBed bed = new HttpTestBed(3, b -> b.startAdmission(0.01, 1)).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);

            // No storage read happens for a refused start: even a forged token is refused by the bucket first.
            HttpTestBed.Reply refused = bed.post("/api/sessions/" + bed.sid(2) + "/start", "t0.forged", "");

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("TOO_MANY_REQUESTS");
        }
    }

    @Test
    void startsWithoutAnyCredentialAreRefusedAsUnauthenticatedAndTakeNoSlot() {
        try (HttpTestBed bed = new HttpTestBed(3, b -> b.startAdmission(0.01, 1)).scheduleDirectly(5)) {
            for (int i = 0; i < 20; i++) {
                HttpTestBed.Reply anonymous = bed.post("/api/sessions/" + bed.sid(2) + "/start", null, "");
                assertThat(anonymous.status()).isEqualTo(401);
                assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");
            }

            assertThat(bed.start(1).status()).isEqualTo(200);
        }
    }

    @Test
    void startsWithForgedTokensAreRefusedAsUnauthenticatedAndGiveTheirSlotBack() {
        try (HttpTestBed bed = new HttpTestBed(3, b -> b.startAdmission(0.01, 1)).scheduleDirectly(5)) {
            for (int i = 0; i < 20; i++) {
                HttpTestBed.Reply forged = bed.post("/api/sessions/" + bed.sid(2) + "/start", "t0.forged" + i, "");
                assertThat(forged.status()).isEqualTo(401);
                assertThat(forged.code()).isEqualTo("UNAUTHENTICATED");
            }

            // The one slot of the bucket is still there for a real worker.
            assertThat(bed.start(1).status()).isEqualTo(200);
            assertThat(bed.start(2).status()).isEqualTo(429);
        }
    }

    @Test
    void startsTheEngineRefusesGiveTheirSlotBack() {
        try (HttpTestBed bed = new HttpTestBed(3, b -> b.startAdmission(0.01, 1)).scheduleDirectly(5)) {
            for (int i = 0; i < 5; i++) {
                assertThat(bed.post("/api/sessions/nope-" + i + "/start", bed.worker(1)).status()).isEqualTo(404);
                assertThat(bed.post("/api/sessions/" + bed.sid(2) + "/start", bed.worker(1)).status()).isEqualTo(404);
            }

            // One worker's refused starts took nothing: the bucket's one slot is there for a real start.
            assertThat(bed.start(2).status()).isEqualTo(200);
            assertThat(bed.start(3).status()).isEqualTo(429);
        }
    }

    @Test
    void oneWorkerStartingAgainAndAgainCannotTakeTheSlotsOfOthers() {
        try (HttpTestBed bed = new HttpTestBed(3, b -> b.startAdmission(0.01, 15)).scheduleDirectly(5)) {
            int admitted = 0;
            HttpTestBed.Reply last = null;
            // StartExam is also the resume call: each of these is a valid start of the worker's own session.
            for (int i = 0; i < 30; i++) {
                last = bed.start(1);
                admitted += last.status() == 200 ? 1 : 0;
            }
            assertThat(admitted).as("the caller's own burst").isEqualTo(10);
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.json().path("detail").asText()).contains("from this caller");
            assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();

            assertThat(bed.start(2).status()).as("another worker's first start").isEqualTo(200);

            // The same token written another way is the same caller.
            HttpTestBed.Reply rewritten = bed.send("POST", "/api/sessions/" + bed.sid(1) + "/start", null, null,
                    Map.of("Authorization", "bEaReR   " + bed.worker(1) + "  "));
            assertThat(rewritten.status()).isEqualTo(429);
            assertThat(rewritten.json().path("detail").asText()).contains("from this caller");
        }
    }

    @Test
    void theBucketRefillsAtItsRate() {
        AtomicLong nanos = new AtomicLong();
        StartAdmission bucket = new StartAdmission(2, 2, nanos::get);
        assertThat(bucket.tryAdmit()).isZero();
        assertThat(bucket.tryAdmit()).isZero();
        assertThat(bucket.tryAdmit()).isEqualTo(1);

        nanos.addAndGet(500_000_000L);

        assertThat(bucket.tryAdmit()).isZero();
        assertThat(bucket.tryAdmit()).isEqualTo(1);
    }

    @Test
    void refusedStartsAreToldToComeBackSpreadOverTheFollowingSecondsAtTheBucketsRate() {
        AtomicLong nanos = new AtomicLong();
        StartAdmission bucket = new StartAdmission(10, 1, nanos::get);
        assertThat(bucket.tryAdmit()).isZero();
        long[] waits = new long[30];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = bucket.tryAdmit();
        }
        assertThat(waits).startsWith(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2).endsWith(3).isSorted();

        // The promises are kept: a second later, those promised the first second are admitted as tokens come.
        nanos.addAndGet(1_000_000_000L);
        assertThat(bucket.tryAdmit()).isZero();
        assertThat(bucket.tryAdmit()).as("the next refusal waits behind the 20 still promised").isEqualTo(3);
    }

    @Test
    void theBucketNeverHoldsMoreThanItsBurst() {
        AtomicLong nanos = new AtomicLong();
        StartAdmission bucket = new StartAdmission(1, 3, nanos::get);
        nanos.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryAdmit()).isZero();
        }
        assertThat(bucket.tryAdmit()).isEqualTo(1);
    }
}
