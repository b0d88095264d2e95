package org.examengine.domain.session;

/**
 * Session statuses with their JSON spelling. {@link #UPCOMING} is never stored: it is how a NotStarted
 * session shows while its assessment has not opened yet.
 */
public enum SessionStatus {
    UPCOMING("Upcoming"),
    NOT_STARTED("NotStarted"),
    IN_PROGRESS("InProgress"),
    PAUSED("Paused"),
    COMPLETED("Completed"),
    ABANDONED("Abandoned");

    private final String label;

    SessionStatus(String label) {
        this.label = label;
    }

    /** The JSON spelling, e.g. {@code InProgress}. */
    public String label() {
        return label;
    }

    /** Completed or Abandoned: nothing but Reset changes it any more. */
    public boolean isClosed() {
        return this == COMPLETED || this == ABANDONED;
    }

    /** InProgress or Paused: the worker has started and not finished. */
    public boolean isStarted() {
        return this == IN_PROGRESS || this == PAUSED;
    }

    /** Parses a JSON spelling or a constant name, case-insensitively. */
    public static SessionStatus parse(String text) {
        for (SessionStatus s : values()) {
            if (s.label.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw org.examengine.domain.shared.ExamException.invalid("unknown session status: " + text);
    }
}
