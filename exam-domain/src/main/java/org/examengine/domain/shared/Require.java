package org.examengine.domain.shared;

import java.util.Collection;
import java.util.List;

/** Argument checks that raise {@link ErrorCode#INVALID_INPUT} with a message naming the field. */
public final class Require {

    private Require() {
    }

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw ExamException.invalid(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ExamException.invalid(field + " is required");
        }
        if (value.length() > maxLength) {
            throw ExamException.invalid(field + " is longer than " + maxLength + " characters");
        }
        return noNul(value, field);
    }

    /**
     * Refuses the NUL character, which PostgreSQL cannot store in text: refused here, the same input gets the
     * same 4xx on every storage instead of a database error on one of them.
     */
    public static String noNul(String value, String field) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw ExamException.invalid(field + " must not contain the NUL character");
        }
        return value;
    }

    public static int range(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw ExamException.invalid(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static long range(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw ExamException.invalid(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static <C extends Collection<?>> C notEmpty(C values, String field) {
        if (values == null || values.isEmpty()) {
            throw ExamException.invalid(field + " must not be empty");
        }
        return values;
    }

    /**
     * An unmodifiable copy of {@code values}, refusing a null entry by its position (where {@link List#copyOf}
     * would throw a bare {@link NullPointerException}).
     */
    public static <T> List<T> entries(List<T> values, String field) {
        notNull(values, field);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw ExamException.invalid(field + " must not hold null (entry " + (i + 1) + ")");
            }
        }
        return List.copyOf(values);
    }
}
