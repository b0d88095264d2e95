package org.examengine.application.port.in;

import java.util.List;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.shared.SessionId;

/** A scheduled assessment and the session created for each participant, in the order given. */
public record ScheduledAssessment(AssessmentId assessmentId, List<ScheduledSession> sessions) {

    public ScheduledAssessment {
        sessions = List.copyOf(sessions);
    }

    public record ScheduledSession(ParticipantId participantId, SessionId sessionId) {
    }
}
