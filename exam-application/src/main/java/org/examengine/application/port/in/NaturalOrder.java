package org.examengine.application.port.in;

import java.util.Comparator;

/**
 * The order people expect of names with numbers in them: letters compared without regard to case, and runs of
 * digits by their value, so that "Worker 2" comes before "Worker 10". Names equal in that order (such as "Ann" and
 * "ann", or "w-01" and "w-1") are then ordered by their text, so that the order is total and stable.
 */
public final class NaturalOrder implements Comparator<String> {

    /** The one instance. */
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        int n = a.length();
        int m = b.length();
        while (i < n && j < m) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (isDigit(x) && isDigit(y)) {
                // Compare the two runs of digits by value: skip leading zeros, then the longer run is larger, then
                // the first digit that differs decides.
                while (i < n && a.charAt(i) == '0') {
                    i++;
                }
                while (j < m && b.charAt(j) == '0') {
                    j++;
                }
                int endA = i;
                while (endA < n && isDigit(a.charAt(endA))) {
                    endA++;
                }
                int endB = j;
                while (endB < m && isDigit(b.charAt(endB))) {
                    endB++;
                }
                int lengths = Integer.compare(endA - i, endB - j);
                if (lengths != 0) {
                    return lengths;
                }
                for (; i < endA; i++, j++) {
                    if (a.charAt(i) != b.charAt(j)) {
                        return Character.compare(a.charAt(i), b.charAt(j));
                    }
                }
                continue;
            }
            if (x != y) {
                // As String.CASE_INSENSITIVE_ORDER compares two characters.
                char ux = Character.toUpperCase(x);
                char uy = Character.toUpperCase(y);
                if (ux != uy) {
                    char lx = Character.toLowerCase(ux);
                    char ly = Character.toLowerCase(uy);
                    if (lx != ly) {
                        return Character.compare(lx, ly);
                    }
                }
            }
            i++;
            j++;
        }
        int rest = Integer.compare(n - i, m - j);
        return rest != 0 ? rest : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
