package org.examengine.application.port.out;

import java.util.List;
import java.util.Optional;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;

/** Storage of participants (workers). */
public interface ParticipantRepository {

    /** Inserts the participant, or replaces the stored one with the same id. */
    void upsert(Participant participant);

    Optional<Participant> findById(ParticipantId id);

    /** The participants that have a session in the assessment, in no particular order; one statement. */
    List<Participant> findByAssessment(AssessmentId assessmentId);
}
