package org.examengine.loadtest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2, auto-save throughput: {@code save-connections} connections, each a thread saving answers back to
 * back (no think time) on its own {@code save-sessions-per-connection} started sessions, cycling through the
 * questions with a random option and a growing {@code clientSeq}. The first {@code save-warmup-seconds} warm the
 * server's JIT up and are reported as a curve only; the next {@code save-measure-seconds} are measured. The same
 * driver runs against the baseline server, which takes the same requests. Against the engine (when saves are
 * recorded for the audit) every session used is then submitted, untimed for the throughput, so that the audit can
 * regrade them.
 */
final class SaveThroughput {

    /** One point of the curve: saves per second over the interval ending {@code atSeconds} after the start. */
    record Point(double atSeconds, double savesPerSecond) {
    }

    /** What was measured after the warm-up. */
    record Result(String target, double savesPerSecond, long saves, Latencies latencies, long errors,
                  List<String> firstErrors, List<Point> curve, long measureFromNanos, long measureToNanos,
                  Map<String, Double> scores) {
    }

    private SaveThroughput() {
    }

    /**
     * Runs the scenario.
     *
     * @param target    a name for the report ("engine", "baseline")
     * @param sessions  started sessions with their workers' tokens; the first {@code connections x per connection}
     *                  are used
     * @param acks      where acknowledged saves are recorded for the audit, or null
     */
    static Result run(String target, int port, List<ExamFixture.Worker> sessions, int questions, Settings settings,
                      Acknowledgements acks) {
        int connections = settings.get("save-connections");
        int perConnection = settings.get("save-sessions-per-connection");
        if (sessions.size() < connections * perConnection) {
            throw new IllegalArgumentException("the throughput scenario needs " + connections * perConnection
                    + " started sessions, has " + sessions.size());
        }
        long warmup = TimeUnit.SECONDS.toNanos(settings.get("save-warmup-seconds"));
        long measure = TimeUnit.SECONDS.toNanos(settings.get("save-measure-seconds"));
        Operations ops = new Operations();
        Latencies measured = ops.of("SaveAnswer");
        AtomicLong total = new AtomicLong();
        AtomicLong inWindow = new AtomicLong();
        Map<String, Double> scores = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        long measureFrom = t0 + warmup;
        long end = measureFrom + measure;
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            List<ExamFixture.Worker> mine = sessions.subList(c * perConnection, (c + 1) * perConnection);
            SplittableRandom random = new SplittableRandom(c);
            threads[c] = new Thread(() -> {
                saveLoop(port, mine, questions, random, ops, measured, total, inWindow, measureFrom, end, acks);
                if (acks != null) {
                    submitAll(port, mine, ops, scores);
                }
            }, "save-" + target + "-" + c);
        }
        for (Thread t : threads) {
            t.start();
        }
        List<Point> curve = new ArrayList<>();
        long step = TimeUnit.SECONDS.toNanos(warmup >= TimeUnit.SECONDS.toNanos(20) ? 5 : 1);
        long previous = 0;
        for (long at = t0 + step; at <= end; at += step) {
            long sleep = at - System.nanoTime();
            if (sleep > 0) {
                Threads.sleepMillis(TimeUnit.NANOSECONDS.toMillis(sleep));
            }
            long now = total.get();
            curve.add(new Point((at - t0) / 1e9, (now - previous) * 1e9 / step));
            previous = now;
        }
        Threads.joinAll(threads);
        double rate = inWindow.get() * 1e9 / measure;
        return new Result(target, rate, inWindow.get(), measured, ops.errors(), ops.firstErrors(), curve,
                measureFrom, end, Map.copyOf(scores));
    }

    private static void submitAll(int port, List<ExamFixture.Worker> sessions, Operations ops,
                                  Map<String, Double> scores) {
        try (HttpConnection http = new HttpConnection(JavaProcess.HOST, port)) {
            for (ExamFixture.Worker w : sessions) {
                try {
                    HttpConnection.Response r = http.send("POST", "/api/sessions/" + w.sessionId() + "/submit",
                            w.token(), null, "{}");
                    if (r.status() == 200) {
                        scores.put(w.sessionId(), ExamFixture.JSON.readTree(r.body()).path("scorePercent")
                                .asDouble(-1));
                    } else {
                        ops.error("SubmitExam", r.status() + " " + r.text());
                    }
                } catch (IOException e) {
                    ops.error("SubmitExam", e.toString());
                }
            }
        }
    }

    private static void saveLoop(int port, List<ExamFixture.Worker> sessions, int questions, SplittableRandom random,
                                 Operations ops, Latencies measured, AtomicLong total, AtomicLong inWindow,
                                 long measureFrom, long end, Acknowledgements acks) {
        long[] seq = new long[sessions.size()];
        int[] nextQuestion = new int[sessions.size()];
        String[] paths = sessions.stream().map(w -> "/api/sessions/" + w.sessionId() + "/answers")
                .toArray(String[]::new);
        try (HttpConnection http = new HttpConnection(JavaProcess.HOST, port)) {
            int s = 0;
            while (true) {
                long begin = System.nanoTime();
                if (begin >= end) {
                    return;
                }
                ExamFixture.Worker w = sessions.get(s);
                int q = nextQuestion[s] % questions + 1;
                nextQuestion[s]++;
                long clientSeq = ++seq[s];
                String body = "{\"questionId\":\"" + ExamFixture.question(q) + "\",\"optionId\":\""
                        + ExamFixture.option(q, random.nextInt(4)) + "\",\"pageIndex\":" + (q - 1) / 10
                        + ",\"clientSeq\":" + clientSeq + "}";
                try {
                    HttpConnection.Response r = http.send("POST", paths[s], w.token(), null, body);
                    long done = System.nanoTime();
                    if (r.status() == 200) {
                        total.incrementAndGet();
                        if (begin >= measureFrom && done <= end) {
                            measured.recordNanos(done - begin);
                            inWindow.incrementAndGet();
                        }
                        if (acks != null) {
                            acks.acknowledged(w.sessionId(), q, clientSeq);
                        }
                    } else {
                        ops.error("SaveAnswer", r.status() + " " + r.text());
                    }
                } catch (IOException e) {
                    ops.error("SaveAnswer", e.toString());
                }
                s = (s + 1) % sessions.size();
            }
        }
    }
}
