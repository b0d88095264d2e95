package org.examengine.application.support;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.examengine.application.port.out.RandomSource;

/**
 * A reproducible random source for tests and simulations: the same seed gives the same draws, and ids are
 * a prefix plus a counter ({@code id-1}, {@code id-2}, ...). Thread-safe.
 *
 * <p>Not for an engine whose storage outlives it: another instance with the same seed and prefix hands out the same
 * ids again. Access tokens never come from it ({@link org.examengine.application.service.TokenService}).
 */
public final class SeededRandomSource implements RandomSource {

    private final SplittableRandom random;
    private final AtomicLong counter = new AtomicLong();
    private final String prefix;

    public SeededRandomSource(long seed) {
        this(seed, "id-");
    }

    public SeededRandomSource(long seed, String idPrefix) {
        this.random = new SplittableRandom(seed);
        this.prefix = idPrefix;
    }

    @Override
    public synchronized long nextLong() {
        return random.nextLong();
    }

    @Override
    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    @Override
    public String newId() {
        return prefix + counter.incrementAndGet();
    }
}
