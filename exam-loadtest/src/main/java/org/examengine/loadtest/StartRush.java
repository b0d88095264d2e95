package org.examengine.loadtest;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1, the start rush: every worker of the assessment presses Start within {@code start-spread-millis}
 * (a synchronized start), through at most {@code start-connections} connections. A 429 of the server's start
 * bucket is retried after its {@code Retry-After} plus a random jitter of up to one second, as the exam page
 * does. Ends when every worker has started or failed, or after {@code start-limit-seconds}.
 */
final class StartRush {

    /** What the rush showed. {@code secondsToAllStarted} runs from the first press to the last successful start. */
    record Result(int workers, int started, long refused, double secondsToAllStarted, Operations operations,
                  long fromNanos, long toNanos) {
    }

    private record Attempt(ExamFixture.Worker worker, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Attempt) other).dueNanos);
        }
    }

    private StartRush() {
    }

    static Result run(int port, List<ExamFixture.Worker> workers, Settings settings) {
        Operations ops = new Operations();
        Latencies ok = ops.of("StartExam");
        Latencies refusedLatency = ops.of("StartExam refused (429)");
        DelayQueue<Attempt> queue = new DelayQueue<>();
        SplittableRandom random = new SplittableRandom(1);
        long t0 = System.nanoTime();
        int spread = Math.max(1, settings.get("start-spread-millis"));
        for (ExamFixture.Worker w : workers) {
            queue.add(new Attempt(w, t0 + TimeUnit.MILLISECONDS.toNanos(random.nextInt(spread))));
        }
        long deadline = t0 + TimeUnit.SECONDS.toNanos(settings.get("start-limit-seconds"));
        AtomicInteger started = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong refused = new AtomicLong();
        AtomicLong lastStarted = new AtomicLong(t0);
        int connections = Math.max(1, Math.min(settings.get("start-connections"), workers.size()));
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            SplittableRandom jitter = random.split();
            threads[c] = new Thread(() -> {
                try (HttpConnection http = new HttpConnection(JavaProcess.HOST, port)) {
                    while (started.get() + failed.get() < workers.size() && System.nanoTime() < deadline) {
                        Attempt a = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (a == null) {
                            continue;
                        }
                        String path = "/api/sessions/" + a.worker().sessionId() + "/start";
                        long begin = System.nanoTime();
                        try {
                            HttpConnection.Response r = http.send("POST", path, a.worker().token(), null, "{}");
                            long took = System.nanoTime() - begin;
                            if (r.status() == 200) {
                                ok.recordNanos(took);
                                started.incrementAndGet();
                                lastStarted.accumulateAndGet(System.nanoTime(), Math::max);
                            } else if (r.status() == 429) {
                                refusedLatency.recordNanos(took);
                                refused.incrementAndGet();
                                long wait = retryAfterMillis(r.retryAfter()) + jitter.nextInt(1_000);
                                queue.add(new Attempt(a.worker(), System.nanoTime()
                                        + TimeUnit.MILLISECONDS.toNanos(wait)));
                            } else {
                                failed.incrementAndGet();
                                ops.error("StartExam", r.status() + " " + r.text());
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                            ops.error("StartExam", e.toString());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "start-rush-" + c);
            threads[c].start();
        }
        Threads.joinAll(threads);
        long end = System.nanoTime();
        int unfinished = workers.size() - started.get() - failed.get();
        if (unfinished > 0) {
            ops.error("StartExam", unfinished + " workers not started within " + settings.get("start-limit-seconds")
                    + " s");
        }
        return new Result(workers.size(), started.get(), refused.get(), (lastStarted.get() - t0) / 1e9, ops, t0, end);
    }

    static long retryAfterMillis(String header) {
        if (header == null) {
            return 1_000;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1_000;
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }
}
