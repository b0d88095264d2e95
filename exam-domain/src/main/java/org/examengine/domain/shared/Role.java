package org.examengine.domain.shared;

/**
 * Who is acting. {@code SYSTEM} is the engine itself (sweeper, timeouts) and is never issued to a caller.
 */
public enum Role {
    WORKER, HC, ADMIN, SYSTEM;

    /** True for roles that may watch and act on every session: HC, ADMIN and the engine itself. */
    public boolean isStaff() {
        return this != WORKER;
    }

    /** True for roles that may import packages, schedule assessments and issue tokens: ADMIN and the engine itself. */
    public boolean mayAdminister() {
        return this == ADMIN || this == SYSTEM;
    }
}
