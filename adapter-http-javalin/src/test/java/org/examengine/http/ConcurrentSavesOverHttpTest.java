package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grader;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.junit.jupiter.api.RepeatedTest;

/** Many clients saving and one submitting over HTTP at once: no answer is duplicated or lost. */
class ConcurrentSavesOverHttpTest {

    private static final int QUESTIONS = 30;

    /** An acknowledged save: the stored state the server answered with. */
    private record Ack(String questionId, long clientSeq) {
    }

    @RepeatedTest(2)
    void overlappingSavesAndSubmitNeverDuplicateOrLoseAnAcknowledgedAnswer() throws Exception {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(QUESTIONS)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            AtomicLong seq = new AtomicLong();
            Queue<Ack> acknowledged = new ConcurrentLinkedQueue<>();
            Queue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicReference<HttpTestBed.Reply> submitted = new AtomicReference<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(9);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < 40; n++) {
                        int q = 1 + (n * 7 + thread) % QUESTIONS;
                        String option = "q" + q + "." + (char) ('a' + (n + thread) % 4);
                        HttpTestBed.Reply reply = bed.save(1, q, option, seq.incrementAndGet());
                        if (reply.status() == 200) {
                            acknowledged.add(new Ack(reply.json().path("questionId").asText(),
                                    reply.json().path("clientSeq").asLong()));
                        } else if (!(reply.status() == 409 && "SESSION_CLOSED".equals(reply.code()))) {
                            unexpected.add(reply.status() + " " + reply.body());
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                go.await();
                while (acknowledged.size() < 100) {
                    Thread.sleep(1);
                }
                submitted.set(bed.post("/api/sessions/" + bed.sid(1) + "/submit", bed.worker(1)));
                return null;
            }));
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : futures) {
                f.get();
            }

            assertThat(unexpected).isEmpty();
            assertThat(submitted.get().status()).as(submitted.get().body()).isEqualTo(200);
            ExamSession session = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
            List<Response> stored = bed.storage.responses().findBySession(bed.sid(1));
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(stored).extracting(Response::questionId).doesNotHaveDuplicates();
            Map<QuestionId, Response> byQuestion = stored.stream()
                    .collect(Collectors.toMap(Response::questionId, r -> r));
            for (Ack ack : acknowledged) {
                Response response = byQuestion.get(QuestionId.of(ack.questionId()));
                assertThat(response).as("acknowledged %s", ack).isNotNull();
                assertThat(response.clientSeq()).isGreaterThanOrEqualTo(ack.clientSeq());
            }
            ExamPackage pkg = bed.storage.packages().findById(session.packageId()).orElseThrow();
            double expected = Grader.grade(pkg, stored, 60).scorePercent();
            assertThat(session.scorePercent()).isEqualTo(expected);
            assertThat(submitted.get().json().path("scorePercent").asDouble()).isEqualTo(expected);
            assertThat(submitted.get().json().path("answeredCount").asInt())
                    .isEqualTo((int) stored.stream().filter(Response::isAnswered).count());
        }
    }
}
