package org.examengine.loadtest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram in microseconds, safe to record into from many threads. Values below 256 µs
 * are kept exactly; larger ones in buckets less than 1% wide, so percentiles are within 1% of the true value.
 * The maximum is exact.
 */
final class Latencies {

    private static final int EXACT = 256;
    private static final int SUB = 128;
    private static final int BUCKETS = EXACT + 40 * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Records one latency given in nanoseconds (negative values count as 0). */
    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts.incrementAndGet(index(micros));
        count.incrementAndGet();
        sum.addAndGet(micros);
        max.accumulateAndGet(micros, Math::max);
    }

    long count() {
        return count.get();
    }

    /** The latency at or below which {@code percent} of the values lie, in milliseconds; 0 when empty. */
    double percentileMillis(double percent) {
        long n = count.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(value(i), max.get()) / 1_000.0;
            }
        }
        return max.get() / 1_000.0;
    }

    double maxMillis() {
        return max.get() / 1_000.0;
    }

    double meanMillis() {
        long n = count.get();
        return n == 0 ? 0 : sum.get() / 1_000.0 / n;
    }

    private static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int shift = 63 - Long.numberOfLeadingZeros(micros) - 7;
        int i = EXACT + (shift - 1) * SUB + (int) ((micros >> shift) - SUB);
        return Math.min(i, BUCKETS - 1);
    }

    /** The middle of bucket {@code i}, in microseconds. */
    private static long value(int i) {
        if (i < EXACT) {
            return i;
        }
        int shift = (i - EXACT) / SUB + 1;
        long mantissa = (i - EXACT) % SUB + SUB;
        return (mantissa << shift) + (1L << shift) / 2;
    }
}
