package org.examengine.domain.shared;

import java.util.Objects;

/**
 * The one unchecked exception of the engine. Every refusal, validation failure and lookup miss
 * carries a stable {@link ErrorCode}; the message is for humans and may change.
 */
public class ExamException extends RuntimeException {

    private final ErrorCode code;

    public ExamException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ExamException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code, never null. */
    public ErrorCode code() {
        return code;
    }

    /** Shorthand for {@code new ExamException(INVALID_INPUT, message)}. */
    public static ExamException invalid(String message) {
        return new ExamException(ErrorCode.INVALID_INPUT, message);
    }
}
