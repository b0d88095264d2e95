package org.examengine.application.service;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;

/**
 * The sessions the save path met last, each as it was last stored, with what is known of its stored responses,
 * so that the next save to one of them reads nothing: a worker saves every few seconds, to the session saved
 * before.
 *
 * <p>A copy here is a guess that a write proves: a save decided on it writes the session with the version of
 * the copy, which fails when the stored session changed in between (a heartbeat, an HC action, another server
 * on the same database), and every write of a response writes its session too. A save is answered from a copy
 * only when its session was written by the same transaction; otherwise it runs again on what is stored.
 * Events of a session drop its copy ({@link EngineContext#publish}), so that a change made by another path is
 * read afresh rather than found by a failed write.
 *
 * <p>An entry is read and changed only by the combiner of its session's lane ({@link SaveCombiner}), which
 * runs one batch at a time; other threads only drop entries. At most {@code capacity} sessions are kept; past
 * that, some are dropped to make room.
 */
final class RecentSessions {

    /** One session as last stored, and the stored response (or none) of each question known. */
    static final class Entry {
        final ExamSession session;
        final Map<QuestionId, Optional<Response>> responses;

        Entry(ExamSession session, Map<QuestionId, Optional<Response>> responses) {
            this.session = session;
            this.responses = responses;
        }
    }

    private final ConcurrentHashMap<SessionId, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;

    RecentSessions(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The copy of a session, or null. */
    Entry get(SessionId id) {
        return entries.get(id);
    }

    /**
     * Keeps {@code session} as stored now, knowing the responses in {@code known} and, when {@code previous} is
     * the copy the stored session was written from, what that copy knew.
     */
    void keep(ExamSession session, Entry previous, Map<QuestionId, Optional<Response>> known) {
        if (capacity == 0) {
            return;
        }
        Map<QuestionId, Optional<Response>> responses = previous != null ? previous.responses : new HashMap<>();
        responses.putAll(known);
        if (entries.size() >= capacity && !entries.containsKey(session.id())) {
            makeRoom();
        }
        entries.put(session.id(), new Entry(session, responses));
    }

    /** Drops the copy of a session. */
    void forget(SessionId id) {
        entries.remove(id);
    }

    private void makeRoom() {
        int drop = Math.max(1, capacity / 8);
        Iterator<SessionId> it = entries.keySet().iterator();
        while (drop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
