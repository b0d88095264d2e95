package org.examengine.application.port.out;

import java.util.Optional;

import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;

/**
 * A storage adapter: the repositories of every aggregate and the transaction boundary they share.
 * Implemented by the in-memory adapter and by every database adapter, and verified by the port
 * contract suite.
 */
public interface ExamStorage {

    AssessmentRepository assessments();

    PackageRepository packages();

    ParticipantRepository participants();

    SessionRepository sessions();

    ResponseRepository responses();

    AttemptHistoryRepository history();

    AuditLog audit();

    TransactionRunner transactions();

    /**
     * Whether the database answers now, for a health check: a cheap round trip. False, never an exception, when it
     * cannot be reached or has closed (an embedded database closes itself after a write of its file failed, as on a
     * full disk). The default, for a storage with nothing to reach, is true.
     */
    default boolean available() {
        return true;
    }

    /** A session locked for a save, with its stored response to the question saved (empty when none). */
    record LockedAnswer(ExamSession session, Optional<Response> previous) {
    }

    /**
     * Locks the session exactly as {@link SessionRepository#findByIdForUpdate} does and reads its stored
     * response to {@code questionId}: the reads of every SaveAnswer. Called inside a transaction.
     *
     * <p>The response must be read after the lock is granted, as this default does. A single statement joining
     * the locked session to the response is not equivalent under read-committed isolation: a statement that
     * waited for the lock re-reads the locked row but not the joined one, and would return the response as it
     * was before the previous holder of the lock committed (the storage race contract catches this).
     *
     * @return empty when the session does not exist
     */
    default Optional<LockedAnswer> lockForAnswer(SessionId sessionId, QuestionId questionId) {
        return sessions().findByIdForUpdate(sessionId)
                .map(session -> new LockedAnswer(session, responses().find(sessionId, questionId)));
    }
}
