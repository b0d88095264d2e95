package org.examengine.application.port.out;

/**
 * Thrown by a storage adapter when its connection broke during a commit: whether the commit was made is unknown,
 * so the write is reported neither as made nor as refused ({@code STORAGE_UNAVAILABLE} says nothing was changed).
 * Repeating it is safe only after reading what is stored.
 */
public final class CommitOutcomeUnknownException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
