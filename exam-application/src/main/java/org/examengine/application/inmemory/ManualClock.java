package org.examengine.application.inmemory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to; for tests and simulations. Thread-safe. */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;
    private volatile Duration tick = Duration.ZERO;

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        Duration step = tick;
        return step.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(step));
    }

    /**
     * From now on each reading of the clock moves it forward by {@code step} after it is read (zero to stop), to
     * put time between two readings made within one call.
     */
    public void tickOnEachReading(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative, was " + step);
        }
        this.tick = step;
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    /** Moves the clock forward (or back, for a negative duration) and returns the new time. */
    public Instant advance(Duration duration) {
        return now.updateAndGet(t -> t.plus(duration));
    }

    public Instant advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ManualClock is always UTC");
    }
}
