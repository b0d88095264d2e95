package org.examengine.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.port.out.ExamEventPublisher;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.RandomSource;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.grading.Grader;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * What every service shares: the out-ports, the transaction-with-retry wrapper that publishes events after
 * commit, lazy expiry, package caching and audit helpers.
 */
final class EngineContext {

    /** How often a transaction that lost an optimistic-version race is retried before giving up. */
    static final int MAX_ATTEMPTS = 50;

    /**
     * How often a transaction is retried that could not reach the storage ({@code STORAGE_UNAVAILABLE}), and for
     * how long after its first attempt began: enough for a pool to be rid of the connections a database restart
     * broke, which fail at once; not for a pool that had no connection to give in time, which has waited its own
     * timeout already.
     */
    static final int MAX_UNAVAILABLE_RETRIES = 3;
    static final long UNAVAILABLE_RETRY_WINDOW_NANOS = 1_000_000_000L;

    final ExamStorage storage;
    final Clock clock;
    final RandomSource random;
    private final ExamEventPublisher events;
    // Packages are immutable and never deleted, so a cached copy can never be stale.
    private final Map<PackageId, ExamPackage> packages = new ConcurrentHashMap<>();
    // Assessments as the worker's hot paths read them; see workerAssessment.
    private final Map<AssessmentId, Assessment> assessments = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_ASSESSMENTS = 10_000;
    // The sessions the save path met last; see RecentSessions.
    final RecentSessions recentSessions;
    // The monitored groups' participant names; see DisplayNames.
    final DisplayNames displayNames = new DisplayNames();

    EngineContext(ExamStorage storage, Clock clock, RandomSource random, ExamEventPublisher events,
                  int recentSessions) {
        this.storage = storage;
        this.recentSessions = new RecentSessions(recentSessions);
        this.clock = clock;
        this.random = random;
        this.events = events;
    }

    /** The clock's time at microsecond precision, the finest that every supported database stores. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * What a unit of work sees of one session: locked (or read) inside the transaction, with its assessment,
     * and for a save the stored response to the question saved.
     */
    record SessionContext(ExamSession session, Assessment assessment, Instant now, List<ExamEvent> events,
                          Optional<Response> previous) {

        void event(ExamEvent.Type type) {
            events.add(new ExamEvent(type, session.assessmentId(), session.id(), now));
        }
    }

    @FunctionalInterface
    interface SessionWork<T> {
        T apply(SessionContext ctx);
    }

    /**
     * Runs {@code work} in one transaction and publishes the events it collected once committed. A lost
     * optimistic-version race rolls back and runs the work again from the start, and so does a transaction that
     * could not reach the storage, a few times within a second, 50-200 ms apart ({@link #MAX_UNAVAILABLE_RETRIES}),
     * unless the transaction is the caller's own ({@link TransactionRunner#joinsCurrentTransaction}): that one only
     * the caller can roll back, so the error goes to the caller, and the events go out once the caller commits.
     */
    <T> T write(Function<List<ExamEvent>, T> work) {
        boolean callersTransaction = storage.transactions().joinsCurrentTransaction();
        long began = System.nanoTime();
        int unavailable = 0;
        for (int attempt = 1; ; attempt++) {
            List<ExamEvent> collected = new ArrayList<>();
            try {
                T result = storage.transactions().inTransaction(() -> work.apply(collected));
                if (callersTransaction) {
                    // Not committed yet: the save path's copies of these sessions go now, the news when it commits.
                    collected.forEach(this::forgetSession);
                    storage.transactions().afterCallersCommit(() -> collected.forEach(this::publish));
                } else {
                    collected.forEach(this::publish);
                }
                return result;
            } catch (ExamException e) {
                if (callersTransaction || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                if (e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
                    if (++unavailable > MAX_UNAVAILABLE_RETRIES
                            || System.nanoTime() - began > UNAVAILABLE_RETRY_WINDOW_NANOS) {
                        throw e;
                    }
                    // A moment for the pool: the connections it hands out unchecked are the ones used in the last
                    // half second, which other threads' failures meanwhile take out of it.
                    pauseBeforeRetry();
                } else if (e.code() != ErrorCode.CONCURRENT_UPDATE) {
                    throw e;
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /**
     * Runs {@code work} on one session in one transaction: the session is read (locked when {@code lock}),
     * the access rule checked, and an overdue session first closed by its expiry policy in a transaction of
     * its own, so that the expiry sticks even when {@code work} then refuses.
     */
    <T> T onSession(Actor actor, SessionId id, Access access, boolean lock, SessionWork<T> work) {
        return onSession(actor, id, access, lock ? Read.LOCKED : Read.PLAIN, null, work);
    }

    /** How {@link #onSession} reads the session and its assessment. */
    enum Read {
        /** Without a lock, the assessment fresh from storage. */
        PLAIN,
        /** Locked for the transaction, the assessment fresh from storage. */
        LOCKED,
        /** Without a lock, the assessment as cached for the worker's paths. */
        WORKER_PLAIN,
        /** Locked for the transaction, the assessment as cached for the worker's paths. */
        WORKER_LOCKED
    }

    /**
     * As {@link #onSession(Actor, SessionId, Access, boolean, SessionWork)}; with {@code answerTo} the session is
     * locked together with its stored response to that question ({@link ExamStorage#lockForAnswer}).
     */
    <T> T onSession(Actor actor, SessionId id, Access access, Read read, QuestionId answerTo, SessionWork<T> work) {
        access.checkRole(actor);
        while (true) {
            try {
                return write(events -> {
                    ExamSession session;
                    Optional<Response> previous = Optional.empty();
                    if (answerTo != null) {
                        ExamStorage.LockedAnswer locked = storage.lockForAnswer(id, answerTo)
                                .orElseThrow(() -> sessionNotFound(id));
                        session = locked.session();
                        previous = locked.previous();
                    } else {
                        boolean lock = read == Read.LOCKED || read == Read.WORKER_LOCKED;
                        session = (lock ? storage.sessions().findByIdForUpdate(id) : storage.sessions().findById(id))
                                .orElseThrow(() -> sessionNotFound(id));
                    }
                    access.check(actor, session);
                    boolean cached = read == Read.WORKER_PLAIN || read == Read.WORKER_LOCKED;
                    Assessment assessment = cached && !session.status().isClosed()
                            ? workerAssessment(session.assessmentId()) : assessment(session.assessmentId());
                    Instant now = now();
                    if (session.isOverdue(assessment, now)) {
                        throw new OverdueSignal();
                    }
                    return work.apply(new SessionContext(session, assessment, now, events, previous));
                });
            } catch (OverdueSignal overdue) {
                expire(id);
            }
        }
    }

    /** Thrown inside a transaction to leave it and expire the session first; never escapes the context. */
    private static final class OverdueSignal extends RuntimeException {
        OverdueSignal() {
            super(null, null, false, false);
        }
    }

    /**
     * Applies the expiry policy to the session if it is overdue, in its own transaction.
     *
     * @return whether it was closed by this call
     */
    boolean expire(SessionId id) {
        return write(events -> {
            ExamSession session = storage.sessions().findByIdForUpdate(id).orElseThrow(() -> sessionNotFound(id));
            Assessment assessment = assessment(session.assessmentId());
            Instant now = now();
            if (!session.isOverdue(assessment, now)) {
                return false;
            }
            closeOverdue(session, assessment, now, events);
            return true;
        });
    }

    /**
     * Applies the expiry policy to {@code session}, overdue at {@code now} and locked by the running transaction:
     * closes it, audits it and adds the event.
     */
    ExamSession closeOverdue(ExamSession session, Assessment assessment, Instant now, List<ExamEvent> events) {
        Grade grade = session.closesWithGrade(assessment, now) ? grade(session, assessment) : null;
        ExamSession expired = storage.sessions().update(session.expire(assessment, grade, now));
        audit(Actor.SYSTEM, AuditAction.SESSION_EXPIRED, session, expired, now,
                "policy " + assessment.policy().expiry());
        events.add(new ExamEvent(ExamEvent.Type.SESSION_EXPIRED, session.assessmentId(), session.id(), now));
        return expired;
    }

    /** Drops the cached copy, so the next worker path reads the assessment from storage. */
    void forgetAssessment(AssessmentId id) {
        assessments.remove(id);
    }

    Grade grade(ExamSession session, Assessment assessment) {
        return Grader.grade(pkg(session.packageId()), storage.responses().findBySession(session.id()),
                assessment.passingScorePercent());
    }

    ExamPackage pkg(PackageId id) {
        ExamPackage cached = packages.get(id);
        if (cached != null) {
            return cached;
        }
        ExamPackage loaded = storage.packages().findById(id)
                .orElseThrow(() -> new ExamException(ErrorCode.PACKAGE_NOT_FOUND, "package " + id + " not found"));
        packages.putIfAbsent(id, loaded);
        return loaded;
    }

    Assessment assessment(AssessmentId id) {
        Assessment fresh = storage.assessments().findById(id).orElseThrow(() -> assessmentNotFound(id.value()));
        assessments.computeIfPresent(id, (k, cached) -> fresh);
        return fresh;
    }

    /**
     * The assessment for the worker's paths on an open session (save, heartbeat, submit, status), possibly
     * cached. What those paths read of it (window, duration, passing score, policy) never changes after
     * scheduling; the one change an assessment sees, an early close, also closes every session in the same
     * transaction, so the session's own status carries it, and a closed session reads its assessment fresh.
     */
    Assessment workerAssessment(AssessmentId id) {
        Assessment cached = assessments.get(id);
        if (cached != null) {
            return cached;
        }
        Assessment loaded = storage.assessments().findById(id).orElseThrow(() -> assessmentNotFound(id.value()));
        if (assessments.size() >= MAX_CACHED_ASSESSMENTS) {
            assessments.clear();
        }
        assessments.putIfAbsent(id, loaded);
        return loaded;
    }

    Assessment resolve(AssessmentRef ref) {
        return (ref.id() != null ? storage.assessments().findById(ref.id())
                : storage.assessments().findByKey(ref.title(), ref.category(), ref.scheduleDate()))
                .orElseThrow(() -> assessmentNotFound(ref.toString()));
    }

    /** A package drawn at random from the assessment's packages, with a fresh order seed. */
    ExamSession.Draw draw(Assessment assessment) {
        List<PackageId> ids = assessment.packageIds();
        PackageId chosen = ids.get(ids.size() == 1 ? 0 : random.nextInt(ids.size()));
        return new ExamSession.Draw(chosen, random.nextLong(), pkg(chosen).size());
    }

    void audit(Actor actor, AuditAction action, ExamSession before, ExamSession after, Instant now, String detail) {
        storage.audit().append(new AuditEvent(now, actor, action, after.assessmentId(), after.id(),
                before.status().label(), after.status().label(), detail));
    }

    static ExamException sessionNotFound(SessionId id) {
        return new ExamException(ErrorCode.SESSION_NOT_FOUND, "session " + id + " not found");
    }

    static ExamException assessmentNotFound(String ref) {
        return new ExamException(ErrorCode.ASSESSMENT_NOT_FOUND, "assessment " + ref + " not found");
    }

    private static void pauseBeforeRetry() {
        try {
            Thread.sleep(50 + ThreadLocalRandom.current().nextInt(150));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ExamException(ErrorCode.STORAGE_UNAVAILABLE, "interrupted while the database was out of reach");
        }
    }

    private void forgetSession(ExamEvent event) {
        if (event.sessionId() != null) {
            recentSessions.forget(event.sessionId());
        }
    }

    /**
     * Publishes a committed change; a failing publisher is ignored. The save path's copy of a session the event
     * names is dropped first, as the session may have changed.
     */
    void publish(ExamEvent event) {
        forgetSession(event);
        if (event.type() == ExamEvent.Type.ASSESSMENT_SCHEDULED) {
            // Scheduling upserts participants, which may rename one that other groups have.
            displayNames.changed();
        }
        try {
            events.publish(event);
        } catch (RuntimeException ignored) {
            // A failing push must never turn a committed change into an error for the caller.
        }
    }
}
