package org.examengine.domain.shared;

/**
 * Stable error codes. The name of each constant is part of the public contract: clients match on it,
 * adapters map its {@link Kind} to a transport status in one table.
 */
public enum ErrorCode {
    /** A command or query field is missing, malformed or out of range. */
    INVALID_INPUT(Kind.INVALID),
    /** A package violates the question rules (options, exactly one correct, weights, unique ids). */
    INVALID_PACKAGE(Kind.INVALID),
    /** The question is not part of the package assigned to the session. */
    QUESTION_NOT_IN_PACKAGE(Kind.INVALID),
    /** The option does not belong to the question it was given for. */
    OPTION_NOT_IN_QUESTION(Kind.INVALID),
    /** The page index is negative or past the last page of the session. */
    PAGE_OUT_OF_RANGE(Kind.INVALID),

    /** No identity was given, or it is unknown, expired or revoked. */
    UNAUTHENTICATED(Kind.UNAUTHENTICATED),
    /** The caller's role does not allow the operation. */
    FORBIDDEN(Kind.FORBIDDEN),

    /** The session does not exist or belongs to another worker. */
    SESSION_NOT_FOUND(Kind.NOT_FOUND),
    ASSESSMENT_NOT_FOUND(Kind.NOT_FOUND),
    PACKAGE_NOT_FOUND(Kind.NOT_FOUND),
    PARTICIPANT_NOT_FOUND(Kind.NOT_FOUND),
    TOKEN_NOT_FOUND(Kind.NOT_FOUND),

    /** The assessment has not reached its opening time yet. */
    NOT_YET_OPEN(Kind.REFUSED),
    /** The assessment was closed early, or its last start time has passed. */
    ASSESSMENT_CLOSED(Kind.REFUSED),
    /** The session has been started, so its package and order can no longer change. */
    ALREADY_STARTED(Kind.REFUSED),
    /** The operation needs an InProgress session. */
    SESSION_NOT_IN_PROGRESS(Kind.REFUSED),
    /** The session is paused by HC; the worker waits for Resume. */
    SESSION_PAUSED(Kind.REFUSED),
    /** Resume needs a Paused session. */
    SESSION_NOT_PAUSED(Kind.REFUSED),
    /** The session is Completed or Abandoned. */
    SESSION_CLOSED(Kind.REFUSED),
    /** A worker's save or submit was made for an attempt that a Reset has ended (a page left open across it). */
    ATTEMPT_ENDED(Kind.REFUSED),
    /** Reset needs a Completed or Abandoned session. */
    SESSION_STILL_OPEN(Kind.REFUSED),
    /** The worker's time (and, for submits, the grace period) is over. */
    TIME_EXPIRED(Kind.REFUSED),
    /** A page reported the time up before the deadline: time was added, or its countdown ran ahead. */
    TIME_NOT_UP(Kind.REFUSED),
    /** Results are shown once the session is closed. */
    RESULT_NOT_AVAILABLE(Kind.REFUSED),
    /** An assessment with the same title, category and schedule date exists. */
    DUPLICATE_ASSESSMENT(Kind.REFUSED),
    /** An entity with the same id exists. */
    DUPLICATE_ID(Kind.REFUSED),
    /** Another writer changed the same record; the operation may be retried. */
    CONCURRENT_UPDATE(Kind.REFUSED),

    /**
     * The storage could not be reached (its connection broke, or none came free in time) before the operation
     * committed: nothing was changed, and the operation may be retried shortly.
     */
    STORAGE_UNAVAILABLE(Kind.UNAVAILABLE);

    /** How a code is mapped by a driving adapter: one transport status per kind. */
    public enum Kind {
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, REFUSED,
        /** Not the caller's doing and nothing changed: the same call may succeed when tried again. */
        UNAVAILABLE
    }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
