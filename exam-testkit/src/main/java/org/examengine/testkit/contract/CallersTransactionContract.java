package org.examengine.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;

/**
 * The engine called inside a transaction the caller opened on the storage's {@link TransactionRunner}: the call
 * joins it, its writes commit or roll back with the caller's, its change events go out only once the caller
 * commits, and no other caller's work is ever made part of it. Every storage adapter extends this class with a
 * fresh, empty storage.
 */
public abstract class CallersTransactionContract {

    private static final Actor ADMIN = Actor.admin("admin");
    private static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");
    private static final int QUESTIONS = 10;
    private static final int OTHER_WORKERS = 4;

    /** A new storage with no data. */
    protected abstract ExamStorage createStorage();

    private record Group(ExamStorage storage, ExamEngine engine, List<SessionId> sessions, Queue<ExamEvent> heard) {
    }

    /** A started group of {@code workers} on a fresh storage, with one save lane, so that saves are combined. */
    private Group startedGroup(String name, int workers) {
        ExamStorage storage = createStorage();
        Queue<ExamEvent> heard = new ConcurrentLinkedQueue<>();
        ExamEngine engine = ExamEngine.builder().storage(storage).clock(new ManualClock(OPENS.plusSeconds(10)))
                .events(heard::add).saveLanes(1).build();
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, name + "-pkg", QUESTIONS));
        List<SessionId> sessions = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN, name,
                        name, OPENS, 60, 50, ExamPolicy.defaults(), List.of(PackageId.of(name + "-pkg")), workers))
                .sessions().stream().map(ScheduledAssessment.ScheduledSession::sessionId).toList();
        for (int n = 1; n <= workers; n++) {
            engine.startExam().startExam(new SessionCommand(worker(n), sessions.get(n - 1)));
        }
        heard.clear();
        return new Group(storage, engine, sessions, heard);
    }

    private static Actor worker(int n) {
        return Actor.worker("w-" + n);
    }

    private static SaveAnswerCommand save(int worker, SessionId session, int question, long seq) {
        return new SaveAnswerCommand(worker(worker), session, SampleExam.question(question),
                seq % 2 == 0 ? SampleExam.correctOption(question) : SampleExam.wrongOption(question), 0, seq, null);
    }

    private static final class Rollback extends RuntimeException {
        Rollback() {
            super("the caller rolls back", null, false, false);
        }
    }

    @Test
    void aCallMadeInsideTheCallersTransactionJoinsIt() {
        TransactionRunner transactions = createStorage().transactions();
        assertThat(transactions.joinsCurrentTransaction()).as("outside any transaction").isFalse();
        assertThat(transactions.inTransaction(transactions::joinsCurrentTransaction)).as("inside one").isTrue();
        assertThat(transactions.joinsCurrentTransaction()).as("after it ended").isFalse();
    }

    @Test
    void aSaveCommitsAndRollsBackWithTheCallersTransactionAndIsToldOnlyOnceCommitted() {
        Group g = startedGroup("callers", 2);
        TransactionRunner transactions = g.storage().transactions();

        List<ExamEvent> beforeCommit = new ArrayList<>();
        transactions.inTransaction(() -> {
            g.engine().saveAnswer().saveAnswer(save(1, g.sessions().get(0), 1, 2));
            beforeCommit.addAll(g.heard());
            return null;
        });
        List<ExamEvent> afterCommit = List.copyOf(g.heard());
        g.heard().clear();
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            g.engine().saveAnswer().saveAnswer(save(2, g.sessions().get(1), 1, 2));
            throw new Rollback();
        })).isInstanceOf(Rollback.class);

        assertThat(beforeCommit).as("told before the caller committed").isEmpty();
        assertThat(afterCommit).extracting(ExamEvent::type, ExamEvent::sessionId)
                .containsExactly(tuple(ExamEvent.Type.ANSWER_SAVED, g.sessions().get(0)));
        assertThat(g.heard()).as("told of a save the caller rolled back").isEmpty();
        assertThat(g.storage().responses().find(g.sessions().get(0), SampleExam.question(1))).isPresent();
        assertThat(g.storage().responses().find(g.sessions().get(1), SampleExam.question(1)))
                .as("the save the caller rolled back").isEmpty();
    }

    /**
     * One thread saves again and again in transactions of its own that it rolls back, while other workers save on
     * their own: were the engine to combine their saves with the caller's, they would roll back with it after being
     * acknowledged.
     */
    @Test
    void aCallersTransactionThatRollsBackTakesNoOtherWorkersSaveWithIt() throws Exception {
        Group g = startedGroup("rollback", OTHER_WORKERS + 1);
        TransactionRunner transactions = g.storage().transactions();
        Map<SessionId, Map<Integer, Long>> acknowledged = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(OTHER_WORKERS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(OTHER_WORKERS + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            futures.add(pool.submit(() -> {
                start.await();
                for (long seq = 1; seq <= 300; seq++) {
                    long s = seq;
                    try {
                        transactions.inTransaction(() -> {
                            g.engine().saveAnswer().saveAnswer(save(1, g.sessions().get(0), (int) (s % QUESTIONS) + 1, s));
                            throw new Rollback();
                        });
                    } catch (Rollback expected) {
                        // Every one of the caller's transactions rolls back.
                    }
                }
                return null;
            }));
            for (int w = 2; w <= OTHER_WORKERS + 1; w++) {
                int worker = w;
                SessionId session = g.sessions().get(w - 1);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (long seq = 1; seq <= 300; seq++) {
                        int question = (int) (seq % QUESTIONS) + 1;
                        g.engine().saveAnswer().saveAnswer(save(worker, session, question, seq));
                        acknowledged.computeIfAbsent(session, k -> new ConcurrentHashMap<>()).put(question, seq);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(g.storage().responses().findBySession(g.sessions().get(0)))
                .as("saves of the caller who rolled back").isEmpty();
        for (Map.Entry<SessionId, Map<Integer, Long>> bySession : acknowledged.entrySet()) {
            for (Map.Entry<Integer, Long> last : bySession.getValue().entrySet()) {
                OptionId expected = save(0, bySession.getKey(), last.getKey(), last.getValue()).optionId();
                assertThat(g.storage().responses().find(bySession.getKey(), SampleExam.question(last.getKey())))
                        .as("the last acknowledged save of %s to question %s", bySession.getKey(), last.getKey())
                        .get().extracting(Response::optionId).isEqualTo(expected);
            }
        }
    }
}
