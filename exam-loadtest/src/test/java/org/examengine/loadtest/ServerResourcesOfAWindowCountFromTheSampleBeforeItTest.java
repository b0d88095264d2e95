package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class ServerResourcesOfAWindowCountFromTheSampleBeforeItTest {

    private static final long SECOND = 1_000_000_000L;

    private static ServerMetrics.Sample sample(long second, double serverCpu, double gcPauseSeconds) {
        return new ServerMetrics.Sample(second * SECOND, 100 * 1024 * 1024, serverCpu, 0.5, 0.1, 40, gcPauseSeconds);
    }

    /** Metrics that hold {@code samples}, as if the server had been sampled at those seconds. */
    private static ServerMetrics sampled(ServerMetrics.Sample... samples) {
        ServerMetrics metrics = new ServerMetrics(JavaProcess.HOST, 1);
        for (ServerMetrics.Sample s : samples) {
            metrics.add(s);
        }
        return metrics;
    }

    @Test
    void theGcPauseOfAWindowIsCountedFromTheLastSampleBeforeIt() {
        ServerMetrics metrics = sampled(sample(0, 0.10, 1.0), sample(10, 0.20, 1.5), sample(20, 0.90, 2.0),
                sample(30, 0.80, 2.5), sample(40, 0.05, 3.5));

        ServerMetrics.Window w = metrics.window(5 * SECOND, 30 * SECOND);

        assertThat(w.samples()).isEqualTo(3);
        assertThat(w.gcPauseSeconds()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void theCpuOfAWindowLeavesOutItsFirstSampleWhichReadsTheTimeBeforeIt() {
        ServerMetrics metrics = sampled(sample(0, 0.90, 0), sample(10, 0.05, 0), sample(20, 0.90, 0),
                sample(30, 0.80, 0), sample(40, 0.02, 0), sample(50, 0.70, 0), sample(60, 0.60, 0));

        // Two windows, as the throughput scenario measures one server in: each begins with a sample that reads
        // mostly the idle time before it.
        ServerMetrics.Window w = metrics.window(List.of(new long[] {5 * SECOND, 30 * SECOND},
                new long[] {35 * SECOND, 60 * SECOND}));

        assertThat(w.meanServerCpu()).isCloseTo((0.90 + 0.80 + 0.70 + 0.60) / 4, within(1e-9));
        assertThat(w.maxServerCpu()).isCloseTo(0.90, within(1e-9));
    }

    @Test
    void aCpuTheServerDidNotReportIsNotTheMaximum() {
        ServerMetrics metrics = sampled(sample(0, -1, 0), sample(10, -1, 0));

        assertThat(metrics.window(0, 10 * SECOND).maxServerCpu()).isZero();
    }
}
