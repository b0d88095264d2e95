package org.examengine.domain.shared;

import java.util.regex.Pattern;

/** The shared rule for every opaque identifier: 1 to 100 characters of {@code A-Z a-z 0-9 . _ : -}. */
public final class Ids {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private Ids() {
    }

    /**
     * Returns {@code value} when it is a well-formed identifier.
     *
     * @throws ExamException {@code INVALID_INPUT} naming {@code kind} otherwise
     */
    public static String check(String value, String kind) {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw ExamException.invalid(kind + " must be 1-100 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }
}
