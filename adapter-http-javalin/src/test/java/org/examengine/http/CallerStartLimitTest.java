package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CallerStartLimitTest {

    private final AtomicLong nanos = new AtomicLong();
    private final CallerStartLimit limit = new CallerStartLimit(1, 3, nanos::get);

    @Test
    void eachCallerHasItsOwnBurstAndRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.tryAdmit("Bearer a")).isZero();
        }
        assertThat(limit.tryAdmit("Bearer a")).isEqualTo(1);
        assertThat(limit.tryAdmit("Bearer b")).as("another caller").isZero();

        nanos.addAndGet(1_000_000_000L);
        assertThat(limit.tryAdmit("Bearer a")).as("one more a second").isZero();
        assertThat(limit.tryAdmit("Bearer a")).isEqualTo(1);

        limit.giveBack("Bearer a");
        assertThat(limit.tryAdmit("Bearer a")).as("a token given back").isZero();
    }

    @Test
    void callersWhoseBucketsFilledUpAgainAreForgotten() {
        limit.tryAdmit("Bearer a");
        limit.tryAdmit("Bearer b");
        assertThat(limit.callers()).isEqualTo(2);

        nanos.addAndGet(11_000_000_000L);
        limit.tryAdmit("Bearer c");
        assertThat(limit.callers()).as("only the caller just seen").isEqualTo(1);
    }
}
