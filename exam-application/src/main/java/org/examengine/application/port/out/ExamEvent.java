package org.examengine.application.port.out;

import java.time.Instant;
import java.util.Optional;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.SessionId;

/**
 * A committed change, published after its transaction for live push.
 *
 * @param sessionId null for assessment-wide changes
 */
public record ExamEvent(Type type, AssessmentId assessmentId, SessionId sessionId, Instant at) {

    public enum Type {
        ASSESSMENT_SCHEDULED,
        ASSESSMENT_CLOSED,
        SESSION_STARTED,
        ANSWER_SAVED,
        HEARTBEAT,
        SESSION_SUBMITTED,
        SESSION_EXPIRED,
        SESSION_FORCE_CLOSED,
        SESSION_PAUSED,
        SESSION_RESUMED,
        TIME_EXTENDED,
        SESSION_RESET,
        SESSION_RESHUFFLED
    }

    public Optional<SessionId> session() {
        return Optional.ofNullable(sessionId);
    }
}
