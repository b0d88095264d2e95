package org.examengine.application.port.out;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;

/**
 * Storage of responses: at most one per (session, question), enforced by the store itself (a unique key
 * in a database), so that no race can create a second one.
 */
public interface ResponseRepository {

    Optional<Response> find(SessionId sessionId, QuestionId questionId);

    /**
     * Inserts the response, or replaces the stored one for the same (session, question) when the stored
     * {@code clientSeq} is lower; otherwise leaves the stored one untouched. Done by the store in one
     * step (a database upsert), never as read-then-write.
     */
    void upsert(Response response);

    /** The key of a response: at most one response is stored per (session, question). */
    record Key(SessionId sessionId, QuestionId questionId) {
    }

    /**
     * The stored responses of the given keys, in no particular order; keys without one are left out. A database
     * adapter does it in one statement.
     */
    default List<Response> findAll(Collection<Key> keys) {
        return keys.stream().distinct().map(k -> find(k.sessionId(), k.questionId()))
                .flatMap(Optional::stream).toList();
    }

    /**
     * {@link #upsert} for each response, in order (a database adapter sends them as one batch).
     */
    default void upsertAll(List<Response> responses) {
        responses.forEach(this::upsert);
    }

    /** The session's responses, in no particular order. */
    List<Response> findBySession(SessionId sessionId);

    /** Removes the session's responses (after they were archived as an attempt). */
    void deleteBySession(SessionId sessionId);
}
