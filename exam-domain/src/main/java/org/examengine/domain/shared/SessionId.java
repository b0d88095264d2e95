package org.examengine.domain.shared;


/** Opaque identifier of a session (one worker's attempt at one assessment); see {@link Ids} for the allowed characters. */
public record SessionId(String value) {

    public SessionId {
        Ids.check(value, "sessionId");
    }

    public static SessionId of(String value) {
        return new SessionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
