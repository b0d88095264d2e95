package org.examengine.domain.shared;

/** The shared rule for every opaque identifier: 1 to 100 characters of {@code A-Z a-z 0-9 . _ : -}. */
public final class Ids {

    private static final int MAX_LENGTH = 100;

    private Ids() {
    }

    /**
     * Returns {@code value} when it is a well-formed identifier.
     *
     * @throws ExamException {@code INVALID_INPUT} naming {@code kind} otherwise
     */
    public static String check(String value, String kind) {
        if (!wellFormed(value)) {
            throw ExamException.invalid(kind + " must be 1-100 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    // A loop rather than a regular expression: identifiers are checked on every request, and a matcher was a
    // measurable share of the server's allocations.
    private static boolean wellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
