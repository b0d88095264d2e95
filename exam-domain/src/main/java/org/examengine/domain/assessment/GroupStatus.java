package org.examengine.domain.assessment;

/** The state of a whole assessment as HC sees it. */
public enum GroupStatus {
    /** Before {@code opensAt}. */
    UPCOMING("Upcoming"),
    /** Open and at least one session is not closed. */
    OPEN("Open"),
    /** Closed early by HC, or every session is Completed or Abandoned. */
    CLOSED("Closed");

    private final String label;

    GroupStatus(String label) {
        this.label = label;
    }

    /** The JSON spelling ({@code Upcoming}, {@code Open}, {@code Closed}). */
    public String label() {
        return label;
    }
}
