package org.examengine.application.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;

/**
 * Runs the SaveAnswers that arrive at the same time together, in one transaction: the sessions read by one
 * statement and their stored responses to the questions saved by another, the sessions written in one batch
 * and the responses in another, one commit. Under load this shares the fixed cost of a transaction (and of
 * making its commit durable) among many saves; a save that arrives alone runs alone, at once.
 *
 * <p>The batch does not lock its sessions while it reads them: each session's update checks the version read,
 * so a session changed meanwhile by another transaction fails the whole batch. A session saved before is not
 * read at all: {@link RecentSessions} keeps it as this path last stored it, with its responses known, and the
 * version check proves the copy current. A failed batch runs once more on what is stored, and when that fails
 * too, its saves run alone, locked. The sessions are written before the responses, in the order in which a
 * single save locks them.
 *
 * <p>Combining, without a thread of its own: each caller queues its save and tries to become the combiner;
 * the one that succeeds takes every queued save (up to {@link #MAX_BATCH}), runs them, hands each caller its
 * result, and repeats until its own save is done; the others wait for their result or for their turn. Saves
 * are spread over a few lanes by session, each with its own queue and combiner, so that batches of different
 * sessions run side by side on several cores; the saves of one session always meet in the same lane.
 *
 * <p>Each save keeps the meaning it has alone: the same checks in the same order, applied one after another
 * in queue order (two saves to one session see each other as if they ran in turn), all or nothing. A save that
 * fails a check fails alone. A save to an overdue session, a save refused or found stale on a copy that the
 * batch did not write, and every save of a batch that failed twice (a lost race with another transaction, a
 * database error), is run again by its own caller on its own, where expiry and retries are handled as for any
 * single save.
 */
final class SaveCombiner {

    /** The most saves one transaction takes. */
    static final int MAX_BATCH = 64;

    private final EngineContext ctx;
    private final Function<SaveAnswerCommand, SavedAnswer> alone;
    private final Lane[] lanes;

    /** One queue of saves and its combiner; a session's saves always take the same lane. */
    private static final class Lane {
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock combining = new ReentrantLock();
    }

    /**
     * @param alone runs one save in a transaction of its own, with expiry and retries
     */
    SaveCombiner(EngineContext ctx, Function<SaveAnswerCommand, SavedAnswer> alone, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, was " + lanes);
        }
        this.ctx = ctx;
        this.alone = alone;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
    }

    private static final class Pending {
        final SaveAnswerCommand command;
        final Thread caller;
        // Written by the combiner before done is set; read by the caller after it sees done.
        SavedAnswer result;
        RuntimeException failure;
        boolean runAlone;
        volatile boolean done;

        Pending(SaveAnswerCommand command, Thread caller) {
            this.command = command;
            this.caller = caller;
        }

        void complete(SavedAnswer answer) {
            result = answer;
            finish();
        }

        void fail(RuntimeException e) {
            failure = e;
            finish();
        }

        void runAlone() {
            runAlone = true;
            finish();
        }

        private void finish() {
            done = true;
            LockSupport.unpark(caller);
        }
    }

    SavedAnswer save(SaveAnswerCommand command) {
        // A caller who may never save is refused before any session is read, alike for every id.
        Access.OWNER.checkRole(command.actor());
        if (ctx.storage.transactions().joinsCurrentTransaction()) {
            // In a transaction of the caller's own: combined with other callers' saves, this one would commit or
            // roll back with theirs.
            return alone.apply(command);
        }
        Pending mine = new Pending(command, Thread.currentThread());
        Lane lane = lanes[Math.floorMod(command.sessionId().hashCode(), lanes.length)];
        ConcurrentLinkedQueue<Pending> queue = lane.queue;
        ReentrantLock combining = lane.combining;
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.done) {
            if (combining.tryLock()) {
                try {
                    while (!mine.done) {
                        List<Pending> batch = drain(queue);
                        if (batch.isEmpty()) {
                            break;
                        }
                        run(batch);
                    }
                } finally {
                    combining.unlock();
                }
                // Whoever queued meanwhile may be parked waiting for a combiner: wake the first to take over.
                Pending next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.park(this);
                // An interrupt must not turn the wait into a spin: remember it, and restore it once done.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.runAlone) {
            return alone.apply(command);
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    private static List<Pending> drain(ConcurrentLinkedQueue<Pending> queue) {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
            batch.add(p);
        }
        return batch;
    }

    /** What one save decided inside the batch, before the commit. */
    private record Decided(Pending pending, SavedAnswer answer, RuntimeException failure, boolean again) {
    }

    /** What a batch's transaction decided, and the state of its sessions after it. */
    private record Outcome(List<Decided> decided, Collection<SessionState> sessions) {
    }

    private void run(List<Pending> batch) {
        try {
            runBatch(batch);
        } catch (Throwable t) {
            // Never leave a caller waiting: what the batch did not hand out fails with what went wrong.
            for (Pending p : batch) {
                if (!p.done) {
                    p.fail(new IllegalStateException("the save failed: " + t, t));
                }
            }
            throw t;
        }
    }

    /**
     * Runs the batch in one transaction. When it fails (a copy of {@link RecentSessions} that another write made
     * stale, a lost race with another transaction, a database error) it runs once more on what is stored, and
     * when that fails too, every save runs alone.
     */
    private void runBatch(List<Pending> batch) {
        List<ExamEvent> events = new ArrayList<>();
        Outcome outcome = null;
        for (int attempt = 1; outcome == null; attempt++) {
            boolean fromStorage = attempt > 1;
            try {
                outcome = ctx.storage.transactions().inTransaction(() -> {
                    events.clear();
                    return decide(batch, events, fromStorage);
                });
            } catch (RuntimeException e) {
                batch.forEach(p -> ctx.recentSessions.forget(p.command.sessionId()));
                if (fromStorage) {
                    batch.forEach(Pending::runAlone);
                    return;
                }
            }
        }
        events.forEach(ctx::publish);
        for (SessionState state : outcome.sessions()) {
            if (state.changed) {
                ctx.recentSessions.keep(state.stored, state.cached, state.known);
            } else if (state.cached == null) {
                ctx.recentSessions.keep(state.current, null, state.known);
            } else {
                ctx.recentSessions.forget(state.current.id());
            }
        }
        for (Decided d : outcome.decided()) {
            if (d.again()) {
                d.pending().runAlone();
            } else if (d.failure() != null) {
                d.pending().fail(d.failure());
            } else {
                d.pending().complete(d.answer());
            }
        }
    }

    /** The state of one session while the batch runs: as read, then as each save leaves it. */
    private static final class SessionState {
        ExamSession current;
        // The copy the batch started from, or null when the session was read from storage.
        final RecentSessions.Entry cached;
        // The stored response (or none) of each question this batch read or wrote.
        final Map<QuestionId, Optional<Response>> known = new HashMap<>();
        Assessment assessment;
        boolean changed;
        ExamSession stored;

        SessionState(ExamSession read, RecentSessions.Entry cached) {
            this.current = read;
            this.cached = cached;
        }

        /** The stored response to a question, when known to this batch or to the copy it started from. */
        Optional<Optional<Response>> stored(QuestionId question) {
            Optional<Response> mine = known.get(question);
            if (mine != null) {
                return Optional.of(mine);
            }
            return cached == null ? Optional.empty() : Optional.ofNullable(cached.responses.get(question));
        }
    }

    /**
     * Runs inside the batch's transaction. Sessions and responses come from {@link RecentSessions} where it has
     * them (unless {@code fromStorage}); what it lacks is read, in one statement for the sessions and one for the
     * responses.
     */
    private Outcome decide(List<Pending> batch, List<ExamEvent> events, boolean fromStorage) {
        Map<SessionId, SessionState> sessions = new HashMap<>();
        Set<SessionId> toRead = new LinkedHashSet<>();
        for (Pending p : batch) {
            SessionId id = p.command.sessionId();
            if (sessions.containsKey(id) || toRead.contains(id)) {
                continue;
            }
            RecentSessions.Entry copy = fromStorage ? null : ctx.recentSessions.get(id);
            if (copy != null) {
                sessions.put(id, new SessionState(copy.session, copy));
            } else {
                toRead.add(id);
            }
        }
        if (!toRead.isEmpty()) {
            ctx.storage.sessions().findAllById(toRead).forEach((id, s) -> sessions.put(id, new SessionState(s, null)));
        }
        List<ResponseRepository.Key> keys = batch.stream().map(p -> p.command)
                .filter(c -> {
                    SessionState state = sessions.get(c.sessionId());
                    return state != null && state.stored(c.questionId()).isEmpty();
                })
                .map(c -> new ResponseRepository.Key(c.sessionId(), c.questionId())).distinct().toList();
        if (!keys.isEmpty()) {
            for (ResponseRepository.Key key : keys) {
                sessions.get(key.sessionId()).known.put(key.questionId(), Optional.empty());
            }
            for (Response r : ctx.storage.responses().findAll(keys)) {
                sessions.get(r.sessionId()).known.put(r.questionId(), Optional.of(r));
            }
        }
        Map<ResponseKey, Response> toWrite = new LinkedHashMap<>();
        Instant now = ctx.now();
        List<Decided> decided = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            SaveAnswerCommand c = p.command;
            SessionState state = sessions.get(c.sessionId());
            try {
                if (state == null) {
                    throw EngineContext.sessionNotFound(c.sessionId());
                }
                Access.OWNER.check(c.actor(), state.current);
                state.current.requireAttempt(c.attempt());
                if (state.assessment == null) {
                    state.assessment = state.current.status().isClosed()
                            ? ctx.assessment(state.current.assessmentId())
                            : ctx.workerAssessment(state.current.assessmentId());
                }
                Assessment assessment = state.assessment;
                if (state.current.isOverdue(assessment, now)) {
                    decided.add(new Decided(p, null, null, true));
                    continue;
                }
                Optional<Response> previous = state.stored(c.questionId()).orElseThrow();
                ExamSession before = state.current;
                ExamSession.Touch touch = before.touch(assessment, now);
                ExamPackage pkg = ctx.pkg(before.packageId());
                ExamSession.AnswerOutcome outcome = touch.session().recordAnswer(assessment, pkg, previous,
                        c.questionId(), c.optionId(), c.pageIndex(), c.clientSeq(), now);
                if (outcome instanceof ExamSession.Stale stale) {
                    Response stored = stale.stored();
                    decided.add(new Decided(p, new SavedAnswer(c.sessionId(), stored.questionId(), stored.optionId(),
                            stored.clientSeq(), stored.savedAt(), false, before.answeredCount(),
                            before.remainingSeconds(assessment, now).orElse(0L)), null, false));
                    continue;
                }
                ExamSession.Applied applied = (ExamSession.Applied) outcome;
                Response r = applied.response();
                state.known.put(c.questionId(), Optional.of(r));
                toWrite.put(new ResponseKey(c.sessionId(), c.questionId()), r);
                state.current = applied.session();
                state.changed = true;
                if (touch.creditedSeconds() > 0) {
                    ctx.audit(c.actor(), AuditAction.OUTAGE_CREDITED, before, state.current, now,
                            "credited " + touch.creditedSeconds() + "s, total " + state.current.creditedSeconds()
                                    + "s");
                }
                events.add(new ExamEvent(ExamEvent.Type.ANSWER_SAVED, before.assessmentId(), c.sessionId(), now));
                decided.add(new Decided(p, new SavedAnswer(c.sessionId(), r.questionId(), r.optionId(),
                        r.clientSeq(), r.savedAt(), true, state.current.answeredCount(),
                        state.current.remainingSeconds(assessment, now).orElse(0L)), null, false));
            } catch (ExamException e) {
                if (e.code() == ErrorCode.CONCURRENT_UPDATE || e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
                    // The storage's failure, not this save's refusal: the whole batch runs again (what this save
                    // already put in the batch included).
                    throw e;
                }
                decided.add(new Decided(p, null, e, false));
            }
        }
        List<SessionState> changed = sessions.values().stream().filter(s -> s.changed).toList();
        List<ExamSession> stored = ctx.storage.sessions().updateAll(changed.stream().map(s -> s.current).toList());
        for (int i = 0; i < changed.size(); i++) {
            changed.get(i).stored = stored.get(i);
        }
        ctx.storage.responses().upsertAll(new ArrayList<>(toWrite.values()));
        // A save answered from a copy that this transaction did not write is not proven current: it runs again.
        List<Decided> checked = new ArrayList<>(decided.size());
        for (Decided d : decided) {
            SessionState state = sessions.get(d.pending().command.sessionId());
            boolean unproven = state != null && state.cached != null && !state.changed;
            checked.add(unproven ? new Decided(d.pending(), null, null, true) : d);
        }
        return new Outcome(checked, sessions.values());
    }

    private record ResponseKey(SessionId session, QuestionId question) {
    }
}
