package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves through the engine on H2 from many threads (so that they share transactions) while heartbeats write the
 * same sessions: every acknowledged save is stored, and each session's answered count matches its responses.
 */
class SavesRacingOtherWritesOnH2Test {

    private static final int SESSIONS = 4;
    private static final int SAVERS_PER_SESSION = 3;
    private static final int SAVES_PER_SAVER = 150;
    private static final int QUESTIONS = 20;

    @TempDir
    Path tempDir;

    @Test
    void noAcknowledgedSaveIsLostAndCountsStayRight() throws Exception {
        Actor admin = Actor.admin("admin");
        try (JdbiExamStorage storage = JdbiExamStorage.h2File(tempDir).migrate()) {
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(Clock.systemUTC()).build();
            Instant opens = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
            engine.importPackage().importPackage(SampleExam.packageCommand(admin, "race", QUESTIONS));
            ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(admin,
                    "race", "Race", opens, 600, 50, ExamPolicy.defaults(), List.of(PackageId.of("race")), SESSIONS));
            List<SessionId> sessions = scheduled.sessions().stream()
                    .map(ScheduledAssessment.ScheduledSession::sessionId).toList();
            for (int i = 0; i < SESSIONS; i++) {
                engine.startExam().startExam(new SessionCommand(Actor.worker("w-" + (i + 1)), sessions.get(i)));
            }

            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean saving = new AtomicBoolean(true);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS * SAVERS_PER_SESSION + 1);
            List<Future<?>> savers = new ArrayList<>();
            try {
                for (int s = 0; s < SESSIONS; s++) {
                    for (int t = 0; t < SAVERS_PER_SESSION; t++) {
                        int session = s;
                        int saver = t;
                        savers.add(pool.submit(() -> {
                            go.await();
                            Actor worker = Actor.worker("w-" + (session + 1));
                            for (int i = 0; i < SAVES_PER_SAVER; i++) {
                                int question = 1 + (i * 7 + saver) % QUESTIONS;
                                long seq = (long) i * SAVERS_PER_SESSION + saver;
                                OptionId option = i % 2 == 0 ? SampleExam.correctOption(question) : null;
                                SavedAnswer saved = engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker,
                                        sessions.get(session), SampleExam.question(question), option, 0, seq));
                                if (saved.applied()) {
                                    acknowledged.merge(sessions.get(session) + "/" + question, seq, Math::max);
                                }
                            }
                            return null;
                        }));
                    }
                }
                Future<?> heartbeats = pool.submit(() -> {
                    go.await();
                    while (saving.get()) {
                        for (int s = 0; s < SESSIONS; s++) {
                            engine.heartbeat().heartbeat(new SessionCommand(Actor.worker("w-" + (s + 1)),
                                    sessions.get(s)));
                        }
                    }
                    return null;
                });
                go.countDown();
                for (Future<?> f : savers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                saving.set(false);
                heartbeats.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }

            for (SessionId id : sessions) {
                List<Response> stored = storage.responses().findBySession(id);
                ExamSession session = storage.sessions().findById(id).orElseThrow();
                assertThat(session.answeredCount()).as("answered count of %s", id)
                        .isEqualTo((int) stored.stream().filter(Response::isAnswered).count());
                for (int q = 1; q <= QUESTIONS; q++) {
                    Long ack = acknowledged.get(id + "/" + q);
                    if (ack != null) {
                        QuestionId question = SampleExam.question(q);
                        assertThat(storage.responses().find(id, question)).as("save of %s/%s", id, q)
                                .hasValueSatisfying(r -> assertThat(r.clientSeq()).isGreaterThanOrEqualTo(ack));
                    }
                }
            }
            assertThat(acknowledged).hasSize(SESSIONS * QUESTIONS);
        }
    }
}
