package org.examengine.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The adapter's meters in one Prometheus registry: a timer per route, method and status
 * ({@code http_server_requests_seconds}), the push counters ({@code exam_push_*}), and the server process's
 * own state: JVM memory ({@code jvm_memory_used_bytes{area="heap"}}), garbage collection ({@code jvm_gc_*}),
 * threads ({@code jvm_threads_*}) and CPU ({@code process_cpu_usage}, {@code system_cpu_usage}).
 *
 * <p>Each meter is looked up in the registry once and kept: the registry's own lookup takes a lock when it
 * misses its fast path, and under a flood of requests (the refused presses of a start rush) requests queued on
 * it for up to tens of milliseconds.
 */
final class Metrics {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter startRefused;
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> pushEvents = new ConcurrentHashMap<>();
    private final Map<String, Counter> pushMessages = new ConcurrentHashMap<>();
    private final Map<String, Timer> snapshots = new ConcurrentHashMap<>();

    private record RequestKey(String method, String route, int status) {
    }

    Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(this.registry);
        gc.bindTo(this.registry);
        new JvmThreadMetrics().bindTo(this.registry);
        new ProcessorMetrics().bindTo(this.registry);
        this.startRefused = Counter.builder("exam.start.refused")
                .description("StartExam calls refused by the start bucket").register(this.registry);
    }

    /** Stops listening to garbage collections; the JVM would otherwise keep notifying a stopped server. */
    void close() {
        gc.close();
    }

    /** {@code route}: the route's template, so that the timers stay as few as the routes. */
    void request(String method, String route, int status, long nanos) {
        RequestKey key = new RequestKey(method, route, status);
        Timer timer = requests.get(key);
        if (timer == null) {
            timer = requests.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                    .description("HTTP requests by route template, method and status")
                    .tag("method", k.method())
                    .tag("route", k.route())
                    .tag("status", Integer.toString(k.status()))
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    void pushEvent(String type) {
        pushEvents.computeIfAbsent(type, t -> Counter.builder("exam.push.events")
                .description("Committed changes received for live push").tag("type", t).register(registry))
                .increment();
    }

    void pushMessage(String channel, String type) {
        pushMessages.computeIfAbsent(channel + " " + type, k -> Counter.builder("exam.push.messages")
                .description("Messages sent to push watchers").tag("channel", channel).tag("type", type)
                .register(registry)).increment();
    }

    /** {@code read}: {@code whole} for a read of the whole group, {@code changed} for the changed sessions only. */
    void snapshotComputed(String read, Duration took) {
        snapshots.computeIfAbsent(read, r -> Timer.builder("exam.push.snapshots")
                .description("Monitoring snapshots computed for push").tag("read", r).register(registry))
                .record(took);
    }

    void watcherGauge(String channel, Supplier<Number> count) {
        Gauge.builder("exam.push.watchers", count).description("Open push connections")
                .tag("channel", channel).register(registry);
    }

    void startRefused() {
        startRefused.increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
