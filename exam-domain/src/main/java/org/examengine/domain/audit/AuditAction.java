package org.examengine.domain.audit;

/** What an audit event records. */
public enum AuditAction {
    PACKAGE_IMPORTED,
    ASSESSMENT_SCHEDULED,
    SESSION_STARTED,
    SESSION_SUBMITTED,
    /** The expiry policy closed the session: by the system past deadline + grace, or at the worker's page's report. */
    SESSION_EXPIRED,
    SESSION_FORCE_CLOSED,
    SESSION_RESET,
    SESSION_RESHUFFLED,
    SESSION_PAUSED,
    SESSION_RESUMED,
    TIME_EXTENDED,
    OUTAGE_CREDITED,
    ASSESSMENT_CLOSED_EARLY,
    TOKEN_ISSUED,
    TOKEN_REVOKED
}
