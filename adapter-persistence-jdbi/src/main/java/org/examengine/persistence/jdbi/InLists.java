package org.examengine.persistence.jdbi;

import java.util.ArrayList;
import java.util.List;

/**
 * Values for an {@code IN (<list>)} of a hot statement, padded so that the statement's text takes few shapes.
 * The text of an {@code IN} list changes with its length, and each new text is parsed and planned anew by the
 * database (H2 keeps a few compiled statements per connection, keyed by text): padded to the next power of two
 * by repeating the last value, lists of 1 to 64 values make 7 texts instead of 64. Repeating a value in an
 * {@code IN} list changes nothing of the result.
 */
final class InLists {

    private InLists() {
    }

    /** The length a list of {@code size} values (at least 1) is padded to: the next power of two. */
    static int paddedSize(int size) {
        return size <= 1 ? 1 : Integer.highestOneBit(size - 1) << 1;
    }

    /** {@code values} (not empty), its last value repeated up to {@link #paddedSize}. */
    static List<String> padded(List<String> values) {
        int size = values.size();
        int target = paddedSize(size);
        if (size == target) {
            return values;
        }
        List<String> padded = new ArrayList<>(target);
        padded.addAll(values);
        String last = values.get(size - 1);
        while (padded.size() < target) {
            padded.add(last);
        }
        return padded;
    }
}
