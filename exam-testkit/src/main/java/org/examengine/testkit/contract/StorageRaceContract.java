package org.examengine.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.port.in.SystemCommand;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.sample.SampleExam;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.grading.Grader;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

/**
 * Races with real threads through the real services on a storage adapter: 32 threads saving and submitting
 * on the same sessions, and every way a session closes (submits, a page's time-up reports, a force close, a group
 * closed early, the timeout with its sweeper) at once, with a save. Every storage adapter extends this class with a
 * fresh, empty storage.
 */
public abstract class StorageRaceContract {

    private static final int THREADS = 32;
    private static final int SESSIONS = 4;
    private static final int QUESTIONS = 20;
    private static final int SAVES_PER_THREAD = 40;
    private static final int CLOSING_SESSIONS = 12;
    private static final Actor ADMIN = Actor.admin("admin");

    /** A new storage with no data. */
    protected abstract ExamStorage createStorage();

    private record Ack(SessionId session, QuestionId question, OptionId option, long seq) {
    }

    private static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");

    /** A group on a fresh storage whose every worker started 10 s after it opened, in a package of its own. */
    private record StartedGroup(ExamStorage storage, ManualClock clock, ExamEngine engine,
                                ScheduledAssessment scheduled, List<SessionId> sessionIds) {
    }

    private StartedGroup startedGroup(String name, int durationMinutes, int sessions) {
        ExamStorage storage = createStorage();
        ManualClock clock = new ManualClock(OPENS.plusSeconds(10));
        ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock)
                .random(new SeededRandomSource(name.hashCode())).build();
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, name + "-pkg", QUESTIONS));
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                name, name, OPENS, durationMinutes, 50, ExamPolicy.defaults(), List.of(PackageId.of(name + "-pkg")),
                sessions));
        List<SessionId> sessionIds = scheduled.sessions().stream().map(ScheduledAssessment.ScheduledSession::sessionId)
                .toList();
        for (int i = 0; i < sessions; i++) {
            engine.startExam().startExam(new SessionCommand(worker(i), sessionIds.get(i)));
        }
        return new StartedGroup(storage, clock, engine, scheduled, sessionIds);
    }

    @Test
    void savesAndSubmitsRacingOnTheSameSessionsLoseAndDuplicateNothing() throws Exception {
        StartedGroup group = startedGroup("race", 60, SESSIONS);
        ExamStorage storage = group.storage();
        ExamEngine engine = group.engine();
        List<SessionId> sessionIds = group.sessionIds();

        Map<SessionId, AtomicLong> sequences = new ConcurrentHashMap<>();
        sessionIds.forEach(id -> sequences.put(id, new AtomicLong()));
        Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        Map<SessionId, ExamResult> submitted = new ConcurrentHashMap<>();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                int index = thread % SESSIONS;
                SessionId sid = sessionIds.get(index);
                Actor actor = worker(index);
                SplittableRandom random = new SplittableRandom(thread);
                start.await();
                for (int n = 0; n < SAVES_PER_THREAD; n++) {
                    if (thread < SESSIONS && n == SAVES_PER_THREAD / 2) {
                        submitted.put(sid, engine.submitExam().submitExam(new SubmitExamCommand(actor, sid)));
                    }
                    int q = 1 + random.nextInt(QUESTIONS);
                    OptionId option = random.nextInt(5) == 0 ? null
                            : OptionId.of("q" + q + "." + (char) ('a' + random.nextInt(4)));
                    long seq = sequences.get(sid).incrementAndGet();
                    try {
                        SavedAnswer saved = engine.saveAnswer().saveAnswer(new SaveAnswerCommand(actor, sid,
                                SampleExam.question(q), option, 0, seq));
                        acks.add(new Ack(sid, saved.questionId(), saved.optionId(), saved.clientSeq()));
                    } catch (ExamException e) {
                        if (e.code() != ErrorCode.SESSION_CLOSED) {
                            unexpected.add(e);
                        }
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("threads finished").isTrue();
        for (Future<?> f : futures) {
            f.get();
        }
        assertThat(unexpected).isEmpty();
        assertThat(acks).isNotEmpty();

        ExamPackage pkg = storage.packages().findById(PackageId.of("race-pkg")).orElseThrow();
        Map<SessionId, List<Ack>> acksBySession = acks.stream().collect(Collectors.groupingBy(Ack::session));
        for (SessionId sid : sessionIds) {
            ExamSession session = storage.sessions().findById(sid).orElseThrow();
            List<Response> stored = storage.responses().findBySession(sid);
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(session.closedBy()).isEqualTo(ClosedBy.WORKER);
            assertThat(stored).extracting(Response::questionId).doesNotHaveDuplicates();

            Map<QuestionId, Response> byQuestion = stored.stream()
                    .collect(Collectors.toMap(Response::questionId, r -> r));
            for (Ack ack : acksBySession.getOrDefault(sid, List.of())) {
                Response r = byQuestion.get(ack.question());
                assertThat(r).as("acknowledged save of %s/%s", sid, ack.question()).isNotNull();
                assertThat(r.clientSeq()).isGreaterThanOrEqualTo(ack.seq());
                if (r.clientSeq() == ack.seq()) {
                    assertThat(r.optionId()).isEqualTo(ack.option());
                }
            }
            Grade grade = Grader.grade(pkg, stored, 50);
            assertThat(session.scorePercent()).isEqualTo(grade.scorePercent());
            assertThat(session.passed()).isEqualTo(grade.passed());
            assertThat(session.answeredCount()).isEqualTo((int) stored.stream().filter(Response::isAnswered).count());
            assertThat(submitted.get(sid).scorePercent()).isEqualTo(grade.scorePercent());
        }
    }

    @Test
    void submitsTimeUpReportsForceClosesAGroupCloseAndTheTimeoutRacingCloseEachSessionOnceAndLoseNoAcknowledgedSave()
            throws Exception {
        StartedGroup group = startedGroup("close", 30, CLOSING_SESSIONS);
        ExamStorage storage = group.storage();
        ManualClock clock = group.clock();
        ExamEngine engine = group.engine();
        List<SessionId> sessionIds = group.sessionIds();
        for (int i = 0; i < CLOSING_SESSIONS; i++) {
            for (int q = 1; q <= 1 + i % 3; q++) {
                engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker(i), sessionIds.get(i),
                        SampleExam.question(q), SampleExam.correctOption(q), 0, q));
            }
        }
        // A second before the deadline: saves are still accepted, a page's time-up report not yet; the clock is
        // about to pass the deadline, then the grace period.
        Instant deadline = OPENS.plusSeconds(10 + 30 * 60);
        clock.set(deadline.minusSeconds(1));

        Actor hc = Actor.hc("hc");
        Map<SessionId, Queue<ExamResult>> results = new ConcurrentHashMap<>();
        sessionIds.forEach(id -> results.put(id, new ConcurrentLinkedQueue<>()));
        Map<SessionId, SavedAnswer> acknowledged = new ConcurrentHashMap<>();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < CLOSING_SESSIONS; i++) {
            SessionId sid = sessionIds.get(i);
            Actor worker = worker(i);
            // Each session gets its own mix, so that every way of closing wins somewhere.
            tasks.add(refusalsAllowed(unexpected, () -> acknowledged.put(sid, engine.saveAnswer().saveAnswer(
                    new SaveAnswerCommand(worker, sid, SampleExam.question(QUESTIONS),
                            SampleExam.correctOption(QUESTIONS), 0, 100)))));
            if (i % 2 == 0) {
                for (int submit = 0; submit < 2; submit++) {
                    tasks.add(refusalsAllowed(unexpected, () -> results.get(sid).add(engine.submitExam().submitExam(
                            new SubmitExamCommand(worker, sid)))));
                }
            }
            for (int report = 0; report < 2; report++) {
                // A page reports the time up again until the server's clock has reached the deadline.
                tasks.add(refusalsAllowed(unexpected, () -> {
                    for (int tries = 0; ; tries++) {
                        try {
                            results.get(sid).add(engine.submitExam().submitExam(
                                    new SubmitExamCommand(worker, sid, List.of(), null, true)));
                            return;
                        } catch (ExamException e) {
                            if (e.code() != ErrorCode.TIME_NOT_UP || tries >= 2000) {
                                throw e;
                            }
                            pause(1);
                        }
                    }
                }));
            }
            if (i % 3 == 0) {
                tasks.add(refusalsAllowed(unexpected,
                        () -> engine.forceClose().forceClose(new SessionCommand(hc, sid))));
            }
        }
        tasks.add(refusalsAllowed(unexpected, () -> {
            pause(40);
            engine.closeGroupEarly().closeGroupEarly(
                    new AssessmentCommand(hc, AssessmentRef.byId(group.scheduled().assessmentId())));
        }));
        tasks.add(() -> {
            pause(5);
            clock.advance(Duration.ofSeconds(2));
            pause(20);
            clock.advance(Duration.ofSeconds(120));
            return null;
        });
        tasks.add(refusalsAllowed(unexpected, () -> {
            for (int round = 0; round < 40; round++) {
                engine.expireOverdueSessions().expireOverdueSessions(new SystemCommand(Actor.SYSTEM));
                pause(1);
            }
        }));
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("threads finished").isTrue();
        for (Future<Void> f : futures) {
            f.get();
        }
        assertThat(unexpected).isEmpty();

        ExamPackage pkg = storage.packages().findById(PackageId.of("close-pkg")).orElseThrow();
        for (SessionId sid : sessionIds) {
            ExamSession session = storage.sessions().findById(sid).orElseThrow();
            List<Response> stored = storage.responses().findBySession(sid);
            List<AuditAction> closings = storage.audit().findBySession(sid).stream().map(AuditEvent::action)
                    .filter(a -> a == AuditAction.SESSION_SUBMITTED || a == AuditAction.SESSION_FORCE_CLOSED
                            || a == AuditAction.SESSION_EXPIRED)
                    .toList();
            assertThat(closings).as("the closings of %s", sid).hasSize(1);
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(session.closedBy()).as("who closed %s", sid).isEqualTo(switch (closings.get(0)) {
                case SESSION_SUBMITTED -> ClosedBy.WORKER;
                case SESSION_FORCE_CLOSED -> ClosedBy.HC;
                default -> ClosedBy.TIMEOUT;
            });
            assertThat(stored).extracting(Response::questionId).doesNotHaveDuplicates();
            if (acknowledged.containsKey(sid)) {
                assertThat(stored).as("the acknowledged save of %s", sid)
                        .anyMatch(r -> r.questionId().equals(SampleExam.question(QUESTIONS)) && r.clientSeq() == 100);
            }
            // Graded on what is stored: no acknowledged save arrived after the grading.
            Grade grade = Grader.grade(pkg, stored, 50);
            assertThat(session.scorePercent()).isEqualTo(grade.scorePercent());
            assertThat(session.answeredCount()).isEqualTo((int) stored.stream().filter(Response::isAnswered).count());
            // Whoever was answered with a result was told what is stored, and a repeated call the same.
            assertThat(results.get(sid)).allSatisfy(r -> {
                assertThat(r.closedBy()).isEqualTo(session.closedBy());
                assertThat(r.scorePercent()).isEqualTo(grade.scorePercent());
            });
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A task for which a refusal of a session or group already closed, or of the time, is a valid outcome. */
    private static Callable<Void> refusalsAllowed(Queue<Throwable> unexpected, Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (ExamException e) {
                if (!Set.of(ErrorCode.SESSION_CLOSED, ErrorCode.TIME_EXPIRED, ErrorCode.ASSESSMENT_CLOSED,
                        ErrorCode.TIME_NOT_UP).contains(e.code())) {
                    unexpected.add(e);
                }
            } catch (RuntimeException e) {
                unexpected.add(e);
            }
            return null;
        };
    }

    private static Actor worker(int index) {
        return Actor.worker("w-" + (index + 1));
    }
}
