package org.examengine.application;

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

import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grader;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.RepeatedTest;

/** Many saves and one submit racing on one session, with real threads. */
class ConcurrentSavesAndSubmitTest {

    @RepeatedTest(5)
    void manySavesAndOneSubmitLeaveOneResponsePerQuestionAndOneConsistentGrade() throws Exception {
        ExamTestBed bed = new ExamTestBed(1, 30, ExamPolicy.defaults());
        bed.open();
        bed.start(1);
        AtomicLong seq = new AtomicLong();
        Queue<SavedAnswer> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicReference<ExamResult> result = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int n = 0; n < 200; n++) {
                    int q = 1 + (n * 7 + thread) % 30;
                    OptionId option = (n + thread) % 3 == 0 ? SampleExam.correctOption(q) : SampleExam.wrongOption(q);
                    try {
                        acknowledged.add(bed.save(1, q, option, seq.incrementAndGet()));
                    } catch (ExamException e) {
                        if (e.code() != ErrorCode.SESSION_CLOSED) {
                            unexpected.add(e);
                        }
                    }
                }
                return null;
            }));
        }
        futures.add(pool.submit(() -> {
            go.await();
            while (acknowledged.size() < 300) {
                Thread.onSpinWait();
            }
            result.set(bed.submit(1));
            return null;
        }));
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : futures) {
            f.get();
        }

        assertThat(unexpected).isEmpty();
        ExamSession session = bed.stored(1);
        List<Response> stored = bed.storage.responses().findBySession(bed.sid(1));
        assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(stored).extracting(Response::questionId).doesNotHaveDuplicates();
        Map<QuestionId, Response> byQuestion = stored.stream().collect(Collectors.toMap(Response::questionId, r -> r));
        for (SavedAnswer ack : acknowledged) {
            assertThat(byQuestion.get(ack.questionId()).clientSeq()).isGreaterThanOrEqualTo(ack.clientSeq());
        }
        ExamPackage pkg = bed.storage.packages().findById(session.packageId()).orElseThrow();
        double expected = Grader.grade(pkg, stored, 60).scorePercent();
        assertThat(session.scorePercent()).isEqualTo(expected);
        assertThat(result.get().scorePercent()).isEqualTo(expected);
        assertThat(session.answeredCount()).isEqualTo(stored.size());
    }
}
