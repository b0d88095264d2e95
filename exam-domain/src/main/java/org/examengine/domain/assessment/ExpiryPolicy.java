package org.examengine.domain.assessment;

/** What happens to an InProgress session whose deadline and grace period have both passed. */
public enum ExpiryPolicy {
    /** The session is Completed, graded on the answers saved so far, closed by TIMEOUT. The default. */
    AUTO_SUBMIT,
    /** The session is Abandoned without a grade, closed by TIMEOUT. */
    ABANDON
}
