package org.examengine.domain.assessment;

import org.examengine.domain.shared.Ids;

/** Opaque identifier of an assessment; see {@link Ids} for the allowed characters. */
public record AssessmentId(String value) {

    public AssessmentId {
        Ids.check(value, "assessmentId");
    }

    public static AssessmentId of(String value) {
        return new AssessmentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
