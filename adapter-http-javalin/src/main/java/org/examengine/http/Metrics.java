package org.examengine.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The adapter's meters in one Prometheus registry: a timer per route, method and status
 * ({@code http_server_requests_seconds}), and the push counters ({@code exam_push_*}).
 */
final class Metrics {

    private final PrometheusMeterRegistry registry;

    Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void pushEvent(String type) {
        Counter.builder("exam.push.events").description("Committed changes received for live push")
                .tag("type", type).register(registry).increment();
    }

    void pushMessage(String channel, String type) {
        Counter.builder("exam.push.messages").description("Messages sent to push watchers")
                .tag("channel", channel).tag("type", type).register(registry).increment();
    }

    void snapshotComputed(Duration took) {
        Timer.builder("exam.push.snapshots").description("Monitoring snapshots computed for push")
                .register(registry).record(took);
    }

    void watcherGauge(String channel, Supplier<Number> count) {
        Gauge.builder("exam.push.watchers", count).description("Open push connections")
                .tag("channel", channel).register(registry);
    }

    void startRefused() {
        Counter.builder("exam.start.refused").description("StartExam calls refused by the start bucket")
                .register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
