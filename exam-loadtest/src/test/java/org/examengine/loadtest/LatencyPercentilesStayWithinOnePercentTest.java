package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LatencyPercentilesStayWithinOnePercentTest {

    @Test
    void percentilesOfSpreadOutValuesMatchTheExactOnes() {
        Latencies histogram = new Latencies();
        SplittableRandom random = new SplittableRandom(5);
        long[] micros = new long[100_000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = (long) Math.exp(random.nextDouble(Math.log(5), Math.log(2_000_000)));
            histogram.recordNanos(micros[i] * 1_000);
        }
        Arrays.sort(micros);
        for (double p : new double[] {50, 95, 99, 99.9}) {
            double exact = micros[(int) Math.ceil(p / 100 * micros.length) - 1] / 1_000.0;
            assertThat(histogram.percentileMillis(p)).as("p%s", p).isCloseTo(exact, within(exact * 0.01 + 0.001));
        }
        assertThat(histogram.maxMillis()).isEqualTo(micros[micros.length - 1] / 1_000.0);
        assertThat(histogram.count()).isEqualTo(micros.length);
    }

    @Test
    void anEmptyHistogramReportsZero() {
        assertThat(new Latencies().percentileMillis(99)).isZero();
    }
}
