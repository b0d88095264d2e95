package org.examengine.domain.exampackage;

import org.examengine.domain.shared.Ids;

/** Opaque identifier of a package; see {@link Ids} for the allowed characters. */
public record PackageId(String value) {

    public PackageId {
        Ids.check(value, "packageId");
    }

    public static PackageId of(String value) {
        return new PackageId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
