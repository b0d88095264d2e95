package org.examengine.loadtest;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server's {@code /metrics} (Prometheus text) once a second on its own thread while a run goes on:
 * heap in use (the sum of {@code jvm_memory_used_bytes{area="heap"}}), the server process's CPU
 * ({@code process_cpu_usage}, a share of all cores), the machine's CPU ({@code system_cpu_usage}), live threads
 * and the total GC pause time; next to them the load generator's own CPU, as the two share the machine.
 * {@link #window(long, long)} summarises the samples taken between two instants of {@link System#nanoTime()}.
 */
final class ServerMetrics implements AutoCloseable {

    /** One sample; CPU figures are shares of the whole machine (0-1), negative when not reported. */
    record Sample(long atNanos, double heapBytes, double serverCpu, double systemCpu, double generatorCpu,
                  double threads, double gcPauseSeconds) {
    }

    /** What the samples of one scenario show. */
    record Window(int samples, double maxHeapMiB, double meanServerCpu, double maxServerCpu, double meanSystemCpu,
                  double meanGeneratorCpu, double maxThreads, double gcPauseSeconds) {
    }

    private final HttpConnection http;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Not sampling yet: {@link #start} starts the thread; tests {@link #add} samples of their own. */
    ServerMetrics(String host, int port) {
        this.http = new HttpConnection(host, port);
        this.thread = new Thread(this::loop, "loadtest-metrics");
        this.thread.setDaemon(true);
    }

    /** Starts sampling the server at {@code host:port}. */
    static ServerMetrics start(String host, int port) {
        ServerMetrics m = new ServerMetrics(host, port);
        m.thread.start();
        return m;
    }

    private void loop() {
        while (running) {
            sampleOnce();
            try {
                TimeUnit.MILLISECONDS.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        try {
            HttpConnection.Response r = http.send("GET", "/metrics", null, null, null);
            if (!r.ok()) {
                return;
            }
            double heap = 0;
            double cpu = -1;
            double system = -1;
            double threads = -1;
            double gc = 0;
            for (String line : r.text().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += value(line);
                } else if (line.startsWith("process_cpu_usage ")) {
                    cpu = value(line);
                } else if (line.startsWith("system_cpu_usage ")) {
                    system = value(line);
                } else if (line.startsWith("jvm_threads_live_threads ")) {
                    threads = value(line);
                } else if (line.startsWith("jvm_gc_pause_seconds_sum")) {
                    gc += value(line);
                }
            }
            add(new Sample(System.nanoTime(), heap, cpu, system, generatorCpu(), threads, gc));
        } catch (java.io.IOException | RuntimeException e) {
            // A missed sample leaves a gap; the next one is taken a second later.
        }
    }

    void add(Sample s) {
        synchronized (samples) {
            samples.add(s);
        }
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
    }

    private static double generatorCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuLoad();
        }
        return -1;
    }

    /** A summary of the samples taken from {@code fromNanos} to {@code toNanos}. */
    Window window(long fromNanos, long toNanos) {
        return window(List.of(new long[] {fromNanos, toNanos}));
    }

    /**
     * A summary of the samples taken within any of {@code intervals} (each {@code {fromNanos, toNanos}}). The GC pause
     * time is the sum of what each interval added, counted from the last sample before it. The CPU figures leave out
     * the first sample of an interval when it has others: the server's CPU usage is read over the time since the
     * sample before, which lies mostly before the interval.
     */
    Window window(List<long[]> intervals) {
        List<Sample> in = new ArrayList<>();
        List<Sample> cpuIn = new ArrayList<>();
        double gcPause = 0;
        for (long[] interval : intervals) {
            List<Sample> part;
            Sample before;
            synchronized (samples) {
                part = samples.stream().filter(s -> s.atNanos() >= interval[0] && s.atNanos() <= interval[1])
                        .toList();
                before = samples.stream().filter(s -> s.atNanos() < interval[0]).reduce((a, b) -> b).orElse(null);
            }
            if (!part.isEmpty()) {
                Sample base = before != null ? before : part.get(0);
                gcPause += part.get(part.size() - 1).gcPauseSeconds() - base.gcPauseSeconds();
                in.addAll(part);
                cpuIn.addAll(part.size() > 1 ? part.subList(1, part.size()) : part);
            }
        }
        if (in.isEmpty()) {
            return new Window(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new Window(in.size(),
                in.stream().mapToDouble(Sample::heapBytes).max().orElse(0) / (1024 * 1024),
                cpuIn.stream().mapToDouble(Sample::serverCpu).filter(c -> c >= 0).average().orElse(0),
                cpuIn.stream().mapToDouble(Sample::serverCpu).filter(c -> c >= 0).max().orElse(0),
                cpuIn.stream().mapToDouble(Sample::systemCpu).filter(c -> c >= 0).average().orElse(0),
                cpuIn.stream().mapToDouble(Sample::generatorCpu).filter(c -> c >= 0).average().orElse(0),
                in.stream().mapToDouble(Sample::threads).max().orElse(0),
                gcPause);
    }

    /** The largest heap in use seen over the whole run, in MiB. */
    double maxHeapMiB() {
        synchronized (samples) {
            return samples.stream().mapToDouble(Sample::heapBytes).max().orElse(0) / (1024 * 1024);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
