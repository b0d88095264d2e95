package org.examengine.domain.participant;

import org.examengine.domain.shared.Ids;

/** Opaque identifier of a participant (a worker); see {@link Ids} for the allowed characters. */
public record ParticipantId(String value) {

    public ParticipantId {
        Ids.check(value, "participantId");
    }

    public static ParticipantId of(String value) {
        return new ParticipantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
