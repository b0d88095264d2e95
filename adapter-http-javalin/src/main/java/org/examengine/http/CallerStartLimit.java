package org.examengine.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A small token bucket per caller in front of the shared start bucket ({@link StartAdmission}): {@code burst} starts
 * at once, then {@code perSecond}. StartExam is also the resume call, so without it one worker calling it in a loop
 * would take the shared bucket's slots from everyone starting at the same time. Callers are told apart by a 64-bit
 * digest of their token (before it is checked, as the shared bucket is passed before anything is read), so that the
 * same token written another way is the same caller and an entry's size does not follow what a client sends;
 * buckets that have filled up again are dropped now and then, and past {@link #MAX_CALLERS} a new caller is not
 * limited on its own. Thread-safe.
 */
final class CallerStartLimit {

    /** The callers tracked at most; enough for every worker of a large exam day. */
    static final int MAX_CALLERS = 100_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    CallerStartLimit(double perSecond, int burst, LongSupplier nanoTime) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a caller's start limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.lastSweep = nanoTime.getAsLong();
    }

    /**
     * Takes one of the caller's tokens; returns 0 when admitted, otherwise the seconds (at least 1) to wait.
     *
     * @param token the caller's token as it identifies the caller (without a scheme or a login's end)
     */
    long tryAdmit(String token) {
        long now = nanoTime.getAsLong();
        sweepNowAndThen(now);
        long caller = digest(token);
        Bucket bucket = buckets.get(caller);
        if (bucket == null) {
            if (buckets.size() >= MAX_CALLERS) {
                return 0;
            }
            bucket = buckets.computeIfAbsent(caller, k -> new Bucket(burst, now));
        }
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
        }
    }

    /** Gives the caller back the token of a start that the shared bucket then refused. */
    void giveBack(String token) {
        Bucket bucket = buckets.get(digest(token));
        if (bucket != null) {
            synchronized (bucket) {
                bucket.tokens = Math.min(burst, bucket.tokens + 1);
            }
        }
    }

    /** The callers tracked now. */
    int callers() {
        return buckets.size();
    }

    /** FNV-1a over the token's characters: no allocation, and collisions only ever share a bucket. */
    private static long digest(String token) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < token.length(); i++) {
            hash = (hash ^ token.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    private void refill(Bucket bucket, long now) {
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.last) / 1e9 * perSecond);
        bucket.last = now;
    }

    /** Every few seconds, drops the buckets that have filled up again: their callers start afresh, as new ones. */
    private void sweepNowAndThen(long now) {
        long since = now - lastSweep;
        if (since < 10_000_000_000L) {
            return;
        }
        lastSweep = now;
        buckets.entrySet().removeIf(e -> {
            Bucket b = e.getValue();
            synchronized (b) {
                refill(b, now);
                return b.tokens >= burst;
            }
        });
    }
}
