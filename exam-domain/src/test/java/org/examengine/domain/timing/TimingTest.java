package org.examengine.domain.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimingTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void theDeadlineIsStartPlusDurationExtraPausedAndCredit() {
        Instant deadline = Timing.deadline(START, 30, 300, 120, null, 45, START.plusSeconds(10));
        assertThat(deadline).isEqualTo(START.plusSeconds(30 * 60 + 300 + 120 + 45));
    }

    @Test
    void aRunningPauseMovesTheDeadlineWithTheClock() {
        Instant pausedAt = START.plusSeconds(600);
        Instant at700 = Timing.deadline(START, 30, 0, 0, pausedAt, 0, START.plusSeconds(700));
        Instant at900 = Timing.deadline(START, 30, 0, 0, pausedAt, 0, START.plusSeconds(900));
        assertThat(Duration.between(at700, at900)).isEqualTo(Duration.ofSeconds(200));
        assertThat(Timing.remainingSeconds(at700, START.plusSeconds(700)))
                .isEqualTo(Timing.remainingSeconds(at900, START.plusSeconds(900)));
    }

    @Test
    void aFinishedPauseCountsItsSecondsRoundedUp() {
        Instant pausedAt = START.plusMillis(600_250);
        assertThat(Timing.pauseSeconds(pausedAt, pausedAt.plusMillis(1_900))).isEqualTo(2);
        assertThat(Timing.pauseSeconds(pausedAt, pausedAt.plusSeconds(3))).isEqualTo(3);
        assertThat(Timing.pauseSeconds(pausedAt, pausedAt)).isZero();
        assertThat(Timing.pauseSeconds(pausedAt, pausedAt.minusSeconds(1))).as("a clock set back").isZero();
    }

    @Test
    void remainingTimeNeverGoesBelowZeroAndRoundsUp() {
        Instant deadline = START.plusSeconds(60);
        assertThat(Timing.remainingSeconds(deadline, START)).isEqualTo(60);
        assertThat(Timing.remainingSeconds(deadline, START.plusMillis(59_001))).isEqualTo(1);
        assertThat(Timing.remainingSeconds(deadline, deadline)).isZero();
        assertThat(Timing.remainingSeconds(deadline, deadline.plusSeconds(30))).isZero();
    }

    @Test
    void workingTimeExcludesPauses() {
        assertThat(Timing.workingSeconds(START, 100, null, START.plusSeconds(700))).isEqualTo(600);
        assertThat(Timing.workingSeconds(START, 100, START.plusSeconds(650), START.plusSeconds(700))).isEqualTo(550);
    }

    @Test
    void outageCreditIsTheSilenceBeyondTheToleranceUpToWhatIsLeftOfTheCap() {
        Duration tolerance = Duration.ofSeconds(90);
        Duration cap = Duration.ofSeconds(300);
        Instant seen = START;
        assertThat(Timing.outageCreditSeconds(seen, START.plusSeconds(90), tolerance, cap, 0)).isZero();
        assertThat(Timing.outageCreditSeconds(seen, START.plusSeconds(150), tolerance, cap, 0)).isEqualTo(60);
        assertThat(Timing.outageCreditSeconds(seen, START.plusSeconds(1_000), tolerance, cap, 0)).isEqualTo(300);
        assertThat(Timing.outageCreditSeconds(seen, START.plusSeconds(1_000), tolerance, cap, 280)).isEqualTo(20);
        assertThat(Timing.outageCreditSeconds(seen, START.plusSeconds(1_000), tolerance, cap, 300)).isZero();
    }
}
