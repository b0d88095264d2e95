package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Padded IN lists keep every value, repeat only the last, and take one length per power of two. */
class InListsTest {

    private static List<String> values(int n) {
        return IntStream.range(0, n).mapToObj(i -> "v" + i).toList();
    }

    @Test
    void listsArePaddedToTheNextPowerOfTwoByRepeatingTheLastValue() {
        assertThat(InLists.padded(values(1))).containsExactly("v0");
        assertThat(InLists.padded(values(3))).containsExactly("v0", "v1", "v2", "v2");
        assertThat(InLists.padded(values(4))).containsExactly("v0", "v1", "v2", "v3");
        assertThat(InLists.padded(values(5))).hasSize(8).startsWith("v0", "v1", "v2", "v3", "v4")
                .endsWith("v4", "v4", "v4");
    }

    @Test
    void sixtyFourLengthsMakeSevenShapes() {
        assertThat(IntStream.rangeClosed(1, 64).map(InLists::paddedSize).distinct().boxed().toList())
                .containsExactly(1, 2, 4, 8, 16, 32, 64);
    }
}
