package org.examengine.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    private static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        Collections.shuffle(list, new Random(7));
        list.sort(NaturalOrder.INSTANCE);
        return list;
    }

    @Test
    void numbersInNamesAreOrderedByTheirValue() {
        assertThat(sorted("Worker 10", "Worker 100", "Worker 2", "Worker 1", "Worker 11", "Worker 9"))
                .containsExactly("Worker 1", "Worker 2", "Worker 9", "Worker 10", "Worker 11", "Worker 100");
        assertThat(sorted("EMP-00012", "EMP-9", "EMP-0100")).containsExactly("EMP-9", "EMP-00012", "EMP-0100");
        assertThat(sorted("x99999999999999999999999", "x100000000000000000000000", "x2"))
                .as("runs longer than a long").containsExactly("x2", "x99999999999999999999999",
                        "x100000000000000000000000");
    }

    @Test
    void lettersAreComparedWithoutRegardToCaseAndTheOrderIsTotal() {
        assertThat(sorted("budi", "Ani", "citra", "Budi")).containsExactly("Ani", "Budi", "budi", "citra");
        assertThat(sorted("w-1", "w-01", "w-001")).containsExactly("w-001", "w-01", "w-1");
        assertThat(sorted("Ann", "Ann 2", "Anna")).containsExactly("Ann", "Ann 2", "Anna");
        assertThat(NaturalOrder.INSTANCE.compare("Ann", "Ann")).isZero();
    }

    @Test
    void theOrderIsConsistentOverManyRandomNames() {
        Random random = new Random(42);
        List<String> names = new ArrayList<>();
        String alphabet = "aAbB0123 -9z";
        for (int n = 0; n < 400; n++) {
            StringBuilder s = new StringBuilder();
            for (int c = random.nextInt(8); c >= 0; c--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            names.add(s.toString());
        }
        for (String a : names) {
            for (String b : names) {
                int ab = Integer.signum(NaturalOrder.INSTANCE.compare(a, b));
                assertThat(ab).as("%s vs %s", a, b).isEqualTo(-Integer.signum(NaturalOrder.INSTANCE.compare(b, a)));
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
            }
        }
        // Transitivity, checked by sorting: TimSort reports a comparator that breaks it.
        names.sort(NaturalOrder.INSTANCE);
        for (int i = 1; i < names.size(); i++) {
            assertThat(NaturalOrder.INSTANCE.compare(names.get(i - 1), names.get(i))).isLessThanOrEqualTo(0);
        }
    }
}
