package org.examengine.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.port.out.ExamEventPublisher;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.RandomSource;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.grading.Grader;
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

    final ExamStorage storage;
    final Clock clock;
    final RandomSource random;
    private final ExamEventPublisher events;
    // Packages are immutable and never deleted, so a cached copy can never be stale.
    private final Map<PackageId, ExamPackage> packages = new ConcurrentHashMap<>();

    EngineContext(ExamStorage storage, Clock clock, RandomSource random, ExamEventPublisher events) {
        this.storage = storage;
        this.clock = clock;
        this.random = random;
        this.events = events;
    }

    /** The clock's time at microsecond precision, the finest that every supported database stores. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** What a unit of work sees of one session: locked (or read) inside the transaction, with its assessment. */
    record SessionContext(ExamSession session, Assessment assessment, Instant now, List<ExamEvent> events) {

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
     * optimistic-version race rolls back and runs the work again from the start.
     */
    <T> T write(Function<List<ExamEvent>, T> work) {
        for (int attempt = 1; ; attempt++) {
            List<ExamEvent> collected = new ArrayList<>();
            try {
                T result = storage.transactions().inTransaction(() -> work.apply(collected));
                collected.forEach(this::publish);
                return result;
            } catch (ExamException e) {
                if (e.code() != ErrorCode.CONCURRENT_UPDATE || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Runs {@code work} on one session in one transaction: the session is read (locked when {@code lock}),
     * the access rule checked, and an overdue session first closed by its expiry policy in a transaction of
     * its own, so that the expiry sticks even when {@code work} then refuses.
     */
    <T> T onSession(Actor actor, SessionId id, Access access, boolean lock, SessionWork<T> work) {
        while (true) {
            try {
                return write(events -> {
                    ExamSession session = (lock ? storage.sessions().findByIdForUpdate(id)
                            : storage.sessions().findById(id)).orElseThrow(() -> sessionNotFound(id));
                    access.check(actor, session);
                    Assessment assessment = assessment(session.assessmentId());
                    Instant now = now();
                    if (session.isOverdue(assessment, now)) {
                        throw new OverdueSignal();
                    }
                    return work.apply(new SessionContext(session, assessment, now, events));
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
            Grade grade = session.closesWithGrade(assessment, now) ? grade(session, assessment) : null;
            ExamSession expired = storage.sessions().update(session.expire(assessment, grade, now));
            audit(Actor.SYSTEM, AuditAction.SESSION_EXPIRED, session, expired, now,
                    "policy " + assessment.policy().expiry());
            events.add(new ExamEvent(ExamEvent.Type.SESSION_EXPIRED, session.assessmentId(), id, now));
            return true;
        });
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
        return storage.assessments().findById(id).orElseThrow(() -> assessmentNotFound(id.value()));
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

    private void publish(ExamEvent event) {
        try {
            events.publish(event);
        } catch (RuntimeException ignored) {
            // A failing push must never turn a committed change into an error for the caller.
        }
    }
}
