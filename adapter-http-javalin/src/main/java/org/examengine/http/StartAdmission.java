package org.examengine.http;

import java.util.function.LongSupplier;

/**
 * A token bucket shaping the start rush: {@code burst} starts at once, then {@code perSecond} a second. A start
 * past capacity is refused with the whole seconds to wait, so the page can retry with jitter after that.
 * Thread-safe.
 *
 * <p>The waits are spread: each refusal promises the next free slot after those already promised (one every
 * {@code 1 / perSecond}), so that when thousands press Start at once they are told to come back over the
 * following seconds at about the rate the bucket admits, instead of all coming back together and being refused
 * again.
 */
final class StartAdmission {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;
    // The end of the slots promised to refused starts (nanoTime); in the past when none are outstanding.
    private long promisedUntil;

    StartAdmission(double perSecond, int burst, LongSupplier nanoTime) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a start bucket needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
        this.promisedUntil = last;
    }

    /** Takes one token; returns 0 when admitted, otherwise the seconds (at least 1) until this start's slot. */
    synchronized long tryAdmit() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        promisedUntil = Math.max(promisedUntil, now) + (long) (1e9 / perSecond);
        return Math.max(1, (long) Math.ceil((promisedUntil - now) / 1e9));
    }

    /**
     * Gives back the token of an admitted start that turned out to carry no valid credential, so that requests
     * with forged or revoked tokens cannot use up the slots of the workers starting at the same time.
     */
    synchronized void giveBack() {
        tokens = Math.min(burst, tokens + 1);
    }
}
