package org.examengine.domain.assessment;

/**
 * What happens to an InProgress session whose time ran out: once its deadline and grace period have both passed,
 * or as soon as the worker's page reports its countdown at zero after the deadline.
 */
public enum ExpiryPolicy {
    /** The session is Completed, graded on the answers saved so far, closed by TIMEOUT. The default. */
    AUTO_SUBMIT,
    /** The session is Abandoned without a grade, closed by TIMEOUT. */
    ABANDON
}
