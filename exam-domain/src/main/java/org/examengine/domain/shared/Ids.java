package org.examengine.domain.shared;

/**
 * The shared rule for every opaque identifier: 1 to 100 characters of {@code A-Z a-z 0-9 . _ : - @}, so that a host
 * application's user names and e-mail addresses serve as participant ids.
 */
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
            throw ExamException.invalid(kind + " must be 1-100 characters of letters, digits, '.', '_', ':', '-' or '@'");
        }
        return value;
    }

    // A table rather than a regular expression: identifiers are checked on every request and for every stored
    // row read, and a matcher was a measurable share of the server's allocations.
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ALLOWED[c] = true;
            ALLOWED[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        for (char c : new char[] {'.', '_', ':', '-', '@'}) {
            ALLOWED[c] = true;
        }
    }

    private static boolean wellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= ALLOWED.length || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }
}
