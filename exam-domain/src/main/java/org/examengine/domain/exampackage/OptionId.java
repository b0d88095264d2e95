package org.examengine.domain.exampackage;

import org.examengine.domain.shared.Ids;

/** Opaque identifier of an option, unique within its package; see {@link Ids} for the allowed characters. */
public record OptionId(String value) {

    public OptionId {
        Ids.check(value, "optionId");
    }

    public static OptionId of(String value) {
        return new OptionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
