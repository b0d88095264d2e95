package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.application.ExamTestBed.HC;
import static org.examengine.application.ExamTestBed.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.application.port.out.SessionRepository;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;

/**
 * A worker saves every few seconds to the session saved before, so the engine keeps the sessions it saved last
 * and what it knows of their responses, and the next save reads nothing. What another server on the same
 * database, or another path of this one, changed in between is never overlooked: every save gives the answer
 * it would give on what is stored.
 */
class SavingToASessionSavedBeforeTest {

    /** Storage that counts the calls made to its sessions and responses, and the writes refused as stale. */
    private static final class CountingStorage {
        final InMemoryExamStorage delegate = new InMemoryExamStorage();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger staleWrites = new AtomicInteger();
        final ExamStorage storage = (ExamStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExamStorage.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sessions" -> counted(SessionRepository.class, delegate.sessions());
                    case "responses" -> counted(ResponseRepository.class, delegate.responses());
                    default -> call(method, delegate, args);
                });

        private <R> R counted(Class<R> type, R repository) {
            return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> {
                        calls.computeIfAbsent(type.getSimpleName() + "." + method.getName(),
                                k -> new AtomicInteger()).incrementAndGet();
                        try {
                            return call(method, repository, args);
                        } catch (ExamException e) {
                            if (e.code() == ErrorCode.CONCURRENT_UPDATE) {
                                staleWrites.incrementAndGet();
                            }
                            throw e;
                        }
                    }));
        }

        private static Object call(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        int calls(String name) {
            AtomicInteger n = calls.get(name);
            return n == null ? 0 : n.get();
        }
    }

    private static final String SESSIONS_READ = "SessionRepository.findAllById";
    private static final String RESPONSES_READ = "ResponseRepository.findAll";

    private final CountingStorage counting = new CountingStorage();
    private final ManualClock clock = new ManualClock(ExamTestBed.OPENS.plusSeconds(10));
    private final ExamEngine engine = ExamEngine.builder().storage(counting.storage).clock(clock).build();
    // Another server on the same database.
    private final ExamEngine other = ExamEngine.builder().storage(counting.delegate).clock(clock).build();
    private final SessionId session;

    SavingToASessionSavedBeforeTest() {
        engine.importPackage().importPackage(SampleExam.packageCommand(ExamTestBed.ADMIN, "pkg", 10));
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(
                ExamTestBed.ADMIN, "a", "Recent", ExamTestBed.OPENS, 30, 60, ExamPolicy.defaults(),
                List.of(PackageId.of("pkg")), 1));
        session = scheduled.sessions().get(0).sessionId();
        engine.startExam().startExam(new SessionCommand(worker(1), session));
    }

    private SavedAnswer save(ExamEngine on, int question, char option, long seq) {
        return on.saveAnswer().saveAnswer(new SaveAnswerCommand(worker(1), session, SampleExam.question(question),
                OptionId.of("q" + question + "." + option), 0, seq));
    }

    @Test
    void theNextSaveToASessionReadsOnlyTheQuestionsNotSeenBefore() {
        save(engine, 1, 'a', 1);
        int sessionsRead = counting.calls(SESSIONS_READ);
        int responsesRead = counting.calls(RESPONSES_READ);

        SavedAnswer second = save(engine, 2, 'b', 2);
        SavedAnswer again = save(engine, 1, 'c', 3);
        SavedAnswer stale = save(engine, 2, 'd', 1);

        assertThat(counting.calls(SESSIONS_READ)).as("sessions read").isEqualTo(sessionsRead);
        assertThat(counting.calls(RESPONSES_READ)).as("responses read: question 2 only").isEqualTo(responsesRead + 1);
        assertThat(second.applied()).isTrue();
        assertThat(second.answeredCount()).isEqualTo(2);
        assertThat(again.applied()).isTrue();
        assertThat(again.answeredCount()).isEqualTo(2);
        assertThat(stale.applied()).isFalse();
        assertThat(stale.clientSeq()).isEqualTo(2);
        assertThat(stale.optionId()).isEqualTo(OptionId.of("q2.b"));
        assertThat(counting.delegate.responses().find(session, SampleExam.question(1)).orElseThrow().optionId())
                .isEqualTo(OptionId.of("q1.c"));
        assertThat(counting.delegate.sessions().findById(session).orElseThrow().answeredCount()).isEqualTo(2);
    }

    @Test
    void anEngineThatKeepsNoSessionsReadsEverySave() {
        ExamEngine keepsNone = ExamEngine.builder().storage(counting.storage).clock(clock).recentSessions(0).build();
        save(keepsNone, 1, 'a', 1);
        int sessionsRead = counting.calls(SESSIONS_READ);

        SavedAnswer again = save(keepsNone, 1, 'b', 2);

        assertThat(counting.calls(SESSIONS_READ)).isEqualTo(sessionsRead + 1);
        assertThat(again.applied()).isTrue();
        assertThat(again.answeredCount()).isEqualTo(1);
        assertThatThrownBy(() -> ExamEngine.builder().recentSessions(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recentSessions");
    }

    @Test
    void answersSavedOnAnotherServerCountAndANewerOneThereWins() {
        save(engine, 1, 'a', 1);
        save(other, 1, 'b', 5);
        save(other, 2, 'b', 6);

        SavedAnswer third = save(engine, 3, 'c', 7);
        SavedAnswer older = save(engine, 1, 'c', 3);

        assertThat(third.applied()).isTrue();
        assertThat(third.answeredCount()).as("the two saved elsewhere count").isEqualTo(3);
        assertThat(older.applied()).as("older than the one saved elsewhere").isFalse();
        assertThat(older.clientSeq()).isEqualTo(5);
        assertThat(older.optionId()).isEqualTo(OptionId.of("q1.b"));
        assertThat(counting.delegate.responses().find(session, SampleExam.question(1)).orElseThrow().clientSeq())
                .isEqualTo(5);
        assertThat(counting.delegate.sessions().findById(session).orElseThrow().answeredCount()).isEqualTo(3);
    }

    @Test
    void aSaveThatLooksStaleAfterAResetElsewhereIsJudgedOnWhatIsStored() {
        save(engine, 1, 'a', 10);
        other.submitExam().submitExam(new SubmitExamCommand(worker(1), session));
        other.reset().reset(new SessionCommand(HC, session));
        other.startExam().startExam(new SessionCommand(worker(1), session));

        SavedAnswer first = save(engine, 1, 'b', 2);

        assertThat(first.applied()).as("the attempt that stored clientSeq 10 was reset").isTrue();
        assertThat(first.answeredCount()).isEqualTo(1);
        assertThat(counting.delegate.responses().find(session, SampleExam.question(1)).orElseThrow().clientSeq())
                .isEqualTo(2);
    }

    @Test
    void aSaveToASessionClosedElsewhereIsRefusedAsItWouldBeThere() {
        save(engine, 1, 'a', 1);
        other.forceClose().forceClose(new SessionCommand(HC, session));

        assertThatThrownBy(() -> save(engine, 2, 'b', 2)).isInstanceOf(ExamException.class)
                .extracting("code").isEqualTo(ErrorCode.SESSION_CLOSED);
        assertThat(counting.delegate.responses().find(session, SampleExam.question(2))).isEmpty();
    }

    @Test
    void twoServersSavingToOneSessionFromManyThreadsLoseAndDuplicateNothing() throws Exception {
        int threads = 8;
        int perThread = 200;
        int questions = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ExamEngine on = t % 2 == 0 ? engine : other;
                int offset = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        int question = 1 + i % questions;
                        long seq = (long) i * threads + offset;
                        SavedAnswer saved = save(on, question, (char) ('a' + offset % 4), seq);
                        assertThat(saved.questionId()).isEqualTo(SampleExam.question(question));
                        assertThat(saved.clientSeq()).isGreaterThanOrEqualTo(seq);
                        assertThat(saved.applied()).isEqualTo(saved.clientSeq() == seq);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(counting.delegate.responses().findBySession(session)).hasSize(questions);
        assertThat(counting.delegate.sessions().findById(session).orElseThrow().answeredCount()).isEqualTo(questions);
        for (int question = 1; question <= questions; question++) {
            long highest = (long) (perThread - questions + question - 1) * threads + threads - 1;
            assertThat(counting.delegate.responses().find(session, SampleExam.question(question)).orElseThrow()
                    .clientSeq()).as("question %d", question).isEqualTo(highest);
        }
    }

    @Test
    void aChangeMadeOnThisServerIsReadAfreshInsteadOfFoundByARefusedWrite() {
        save(engine, 1, 'a', 1);
        engine.heartbeat().heartbeat(new SessionCommand(worker(1), session));
        engine.pauseSession().pauseSession(new SessionCommand(HC, session));
        engine.resumeSession().resumeSession(new SessionCommand(HC, session));

        SavedAnswer next = save(engine, 2, 'b', 2);

        assertThat(next.applied()).isTrue();
        assertThat(next.answeredCount()).isEqualTo(2);
        assertThat(counting.staleWrites).as("writes refused for a stale version").hasValue(0);
    }
}
