package org.examengine.application.port.out;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ExamException;

/**
 * Storage of sessions. Every write checks and bumps the session's version, so two transactions that both
 * read version {@code n} cannot both commit a change.
 */
public interface SessionRepository {

    /**
     * Stores new sessions as given.
     *
     * @throws ExamException {@code DUPLICATE_ID} when a session id exists, or the participant already has a
     *                       session in the same assessment
     */
    void insertAll(List<ExamSession> sessions);

    /** Reads a session without locking it. */
    Optional<ExamSession> findById(SessionId id);

    /**
     * Reads a session and locks it until the current transaction ends, so that concurrent operations on one
     * session run one after another. Adapters whose transactions are already serial may read plainly.
     */
    Optional<ExamSession> findByIdForUpdate(SessionId id);

    /**
     * Reads every session of {@code ids} that exists, without locking, as {@link #findById} does for one. A
     * database adapter does it in one statement.
     *
     * @return the sessions found, by id; missing ids are left out
     */
    default Map<SessionId, ExamSession> findAllById(Collection<SessionId> ids) {
        Map<SessionId, ExamSession> found = new LinkedHashMap<>();
        ids.stream().distinct().forEach(id -> findById(id).ifPresent(s -> found.put(id, s)));
        return found;
    }

    /**
     * Replaces the stored session if its stored version equals {@code session.version()}.
     *
     * @return the session with its version incremented by one
     * @throws ExamException {@code CONCURRENT_UPDATE} when the stored version differs,
     *                       {@code SESSION_NOT_FOUND} when it does not exist
     */
    ExamSession update(ExamSession session);

    /**
     * {@link #update} for each session, in order (a database adapter sends them as one batch). The caller's
     * transaction makes them all or nothing.
     *
     * @return the sessions with their versions incremented, in the same order
     * @throws ExamException as {@link #update}, for the first session that fails
     */
    default List<ExamSession> updateAll(List<ExamSession> sessions) {
        return sessions.stream().map(this::update).toList();
    }

    /** Every session of the assessment, in one statement, in no particular order. */
    List<ExamSession> findByAssessment(AssessmentId assessmentId);

    /** Every session whose stored status is one of {@code statuses} (for the expiry sweeper). */
    List<ExamSession> findByStatus(Set<SessionStatus> statuses);

    /** Number of sessions per stored status for each given assessment, in one statement. */
    Map<AssessmentId, Map<SessionStatus, Integer>> countByStatus(Collection<AssessmentId> assessmentIds);
}
