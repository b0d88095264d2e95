package org.examengine.domain.timing;

import java.time.Duration;
import java.time.Instant;

/**
 * The timing rules. The server's clock is the only authority: every function takes {@code now} and
 * clients never send elapsed time.
 *
 * <pre>
 * deadline  = startedAt + duration + extraTime + pausedTime + outageCredit
 * remaining = max(0, deadline - now)
 * </pre>
 * While a session is paused, the running pause counts as paused time, so the deadline moves with the
 * clock and the remaining time stays frozen.
 */
public final class Timing {

    private Timing() {
    }

    /**
     * @param pausedSeconds pause time already finished
     * @param pausedAt      start of the running pause, or null when not paused; the running pause counts to the
     *                      clock's precision, so that the remaining time stays exactly where the pause found it
     */
    public static Instant deadline(Instant startedAt, int durationMinutes, long extraSeconds, long pausedSeconds,
                                   Instant pausedAt, long creditedSeconds, Instant now) {
        return startedAt.plusSeconds(durationMinutes * 60L + extraSeconds + pausedSeconds + creditedSeconds)
                .plus(runningPause(pausedAt, now));
    }

    /**
     * The whole seconds a finished pause adds to the paused time: its length rounded up, so that no part of a pause
     * counts against the worker.
     */
    public static long pauseSeconds(Instant pausedAt, Instant resumedAt) {
        Duration paused = runningPause(pausedAt, resumedAt);
        return paused.toSeconds() + (paused.toNanosPart() > 0 ? 1 : 0);
    }

    private static Duration runningPause(Instant pausedAt, Instant now) {
        if (pausedAt == null || !now.isAfter(pausedAt)) {
            return Duration.ZERO;
        }
        return Duration.between(pausedAt, now);
    }

    /** Whole seconds left, rounded up so that a worker never sees 0 while a save is still accepted. */
    public static long remainingSeconds(Instant deadline, Instant now) {
        if (!now.isBefore(deadline)) {
            return 0;
        }
        Duration left = Duration.between(now, deadline);
        return left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0);
    }

    /** Working time so far: wall time since the start minus paused time. */
    public static long workingSeconds(Instant startedAt, long pausedSeconds, Instant pausedAt, Instant now) {
        Duration working = Duration.between(startedAt, now).minusSeconds(pausedSeconds)
                .minus(runningPause(pausedAt, now));
        return Math.max(0, working.toSeconds());
    }

    /**
     * Outage credit for a worker who was silent from {@code lastSeenAt} until {@code now}: the silence
     * beyond {@code tolerance}, limited to what is left of {@code cap}. Zero when the silence is within
     * the tolerance.
     */
    public static long outageCreditSeconds(Instant lastSeenAt, Instant now, Duration tolerance, Duration cap,
                                           long alreadyCreditedSeconds) {
        long silent = Duration.between(lastSeenAt, now).toSeconds();
        long beyond = silent - tolerance.toSeconds();
        if (beyond <= 0) {
            return 0;
        }
        long left = Math.max(0, cap.toSeconds() - alreadyCreditedSeconds);
        return Math.min(beyond, left);
    }
}
