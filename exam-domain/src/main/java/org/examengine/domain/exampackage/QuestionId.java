package org.examengine.domain.exampackage;

import org.examengine.domain.shared.Ids;

/** Opaque identifier of a question, unique within its package; see {@link Ids} for the allowed characters. */
public record QuestionId(String value) {

    public QuestionId {
        Ids.check(value, "questionId");
    }

    public static QuestionId of(String value) {
        return new QuestionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
