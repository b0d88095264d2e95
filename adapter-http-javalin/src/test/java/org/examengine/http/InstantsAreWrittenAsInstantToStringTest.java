package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class InstantsAreWrittenAsInstantToStringTest {

    private final Json json = new Json();

    private String written(Instant instant) {
        String text = new String(json.write(instant), StandardCharsets.UTF_8);
        return text.substring(1, text.length() - 1);
    }

    @Test
    void everyPrecisionOfTheFractionIsWrittenAsInstantToStringWritesIt() {
        for (Instant instant : List.of(Instant.EPOCH, Instant.parse("2026-03-02T08:00:00Z"),
                Instant.parse("2026-03-02T08:00:00.100Z"), Instant.parse("2026-03-02T08:00:00.000100Z"),
                Instant.parse("2026-03-02T08:00:00.000000100Z"), Instant.parse("2026-12-31T23:59:59.999999999Z"),
                Instant.parse("2024-02-29T12:34:56.789012Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("1969-12-31T23:59:59.5Z"))) {
            assertThat(written(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void yearsOutsideFourDigitsAreStillWritten() {
        for (Instant instant : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.MAX, Instant.MIN)) {
            assertThat(written(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void aHundredThousandRandomInstantsMatchInstantToString() {
        SplittableRandom random = new SplittableRandom(7);
        long tenThousandYears = 253_402_300_799L;
        for (int n = 0; n < 100_000; n++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, tenThousandYears + 1),
                    switch (n % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            char[] out = new char[30];
            int length = IsoInstantSerializer.format(instant, out);
            assertThat(new String(out, 0, length)).isEqualTo(instant.toString());
        }
    }
}
