package org.examengine.domain.session;

/** Who closed a session. */
public enum ClosedBy {
    /** The worker submitted. */
    WORKER,
    /** The deadline and grace passed (or the start window closed) and the expiry policy applied. */
    TIMEOUT,
    /** HC force-closed the session or closed the whole assessment early. */
    HC
}
