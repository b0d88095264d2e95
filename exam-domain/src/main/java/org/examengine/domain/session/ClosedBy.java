package org.examengine.domain.session;

/** Who closed a session. */
public enum ClosedBy {
    /** The worker submitted. */
    WORKER,
    /**
     * The time ran out and the expiry policy applied: the worker's page reported its countdown at zero (from the
     * deadline on), the deadline and grace passed, or the start window closed.
     */
    TIMEOUT,
    /** HC force-closed the session or closed the whole assessment early. */
    HC
}
