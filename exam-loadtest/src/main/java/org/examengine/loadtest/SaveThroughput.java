package org.examengine.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2, auto-save throughput: {@code save-connections} connections, each saving answers back to back (no
 * think time) on its own {@code save-sessions-per-connection} started sessions, cycling through the questions with
 * a random option and a growing {@code clientSeq}. All the connections are driven from one thread
 * ({@link HttpLoop}), so that the generator takes little of the CPU the server needs. The first
 * {@code save-warmup-seconds} warm the server's JIT up and are reported as a curve only; the next
 * {@code save-measure-seconds} are measured. The same driver runs against the baseline server, which takes the
 * same requests. The server's CPU time (user and system, all its threads) is read at the start and the end of the
 * measured window, so that the engine and the baseline can be compared by what a save costs them. Against the
 * engine (when saves are recorded for the audit) every session used is then submitted, untimed for the throughput,
 * so that the audit can regrade them.
 */
final class SaveThroughput {

    /** One point of the curve: saves per second over the interval ending {@code atSeconds} after the start. */
    record Point(double atSeconds, double savesPerSecond) {
    }

    /**
     * What was measured after the warm-up. {@code cpuMicrosPerSave} is the server's CPU time per save answered in
     * the measured window and {@code cpuCores} its CPU time per second of that window (both NaN when the server's
     * CPU time cannot be read).
     */
    record Result(String target, double savesPerSecond, long saves, Latencies latencies, long errors,
                  List<String> firstErrors, List<Point> curve, long measureFromNanos, long measureToNanos,
                  Map<String, Double> scores, double cpuMicrosPerSave, double cpuCores) {
    }

    private SaveThroughput() {
    }

    /**
     * Runs the scenario.
     *
     * @param target    a name for the report ("engine", "baseline")
     * @param server    the server's process, whose CPU time is read, or null
     * @param sessions  started sessions with their workers' tokens; the first {@code connections x per connection}
     *                  are used
     * @param acks      where acknowledged saves are recorded for the audit, or null
     */
    static Result run(String target, int port, ProcessHandle server, List<ExamFixture.Worker> sessions,
                      int questions, Settings settings, Acknowledgements acks) {
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
        List<Saver> savers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            savers.add(new Saver(sessions.subList(c * perConnection, (c + 1) * perConnection), questions,
                    new SplittableRandom(c), ops, measured, total, inWindow, measureFrom, end, acks));
        }
        Thread loop = new Thread(() -> {
            try {
                HttpLoop.run(JavaProcess.HOST, port, savers, end);
            } catch (IOException e) {
                ops.error("SaveAnswer", e.toString());
            }
        }, "save-" + target);
        loop.start();
        List<Point> curve = new ArrayList<>();
        long step = TimeUnit.SECONDS.toNanos(warmup >= TimeUnit.SECONDS.toNanos(20) ? 5 : 1);
        long previous = 0;
        CpuReading first = null;
        CpuReading last = null;
        for (long at = t0 + step; at <= end; at += step) {
            long sleep = at - System.nanoTime();
            if (sleep > 0) {
                Threads.sleepMillis(TimeUnit.NANOSECONDS.toMillis(sleep));
            }
            long now = total.get();
            curve.add(new Point((at - t0) / 1e9, (now - previous) * 1e9 / step));
            previous = now;
            if (at >= measureFrom) {
                // From the first reading in the measured window to the last one.
                CpuReading reading = CpuReading.of(server, now);
                if (first == null) {
                    first = reading;
                }
                last = reading;
            }
        }
        Threads.joinAll(loop);
        if (acks != null) {
            submitAll(port, sessions.subList(0, connections * perConnection), ops, scores);
        }
        double rate = inWindow.get() * 1e9 / measure;
        return new Result(target, rate, inWindow.get(), measured, ops.errors(), ops.firstErrors(), curve,
                measureFrom, end, Map.copyOf(scores), CpuReading.microsPerSave(first, last),
                CpuReading.cores(first, last));
    }

    /** The server's CPU time at one moment ({@code null} when it cannot be read), and the saves answered by then. */
    private record CpuReading(long atNanos, Duration cpu, long saves) {

        static CpuReading of(ProcessHandle server, long saves) {
            Optional<Duration> cpu = server == null ? Optional.empty() : server.info().totalCpuDuration();
            return new CpuReading(System.nanoTime(), cpu.orElse(null), saves);
        }

        static double microsPerSave(CpuReading from, CpuReading to) {
            if (!readable(from, to) || to.saves <= from.saves) {
                return Double.NaN;
            }
            return to.cpu.minus(from.cpu).toNanos() / 1e3 / (to.saves - from.saves);
        }

        static double cores(CpuReading from, CpuReading to) {
            if (!readable(from, to) || to.atNanos <= from.atNanos) {
                return Double.NaN;
            }
            return (double) to.cpu.minus(from.cpu).toNanos() / (to.atNanos - from.atNanos);
        }

        private static boolean readable(CpuReading from, CpuReading to) {
            return from != null && to != null && from.cpu != null && to.cpu != null;
        }
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

    /** One connection's saves: its sessions in turn, questions in turn, a random option, growing clientSeq. */
    private static final class Saver implements HttpLoop.Exchange {
        private final List<ExamFixture.Worker> sessions;
        private final int questions;
        private final SplittableRandom random;
        private final Operations ops;
        private final Latencies measured;
        private final AtomicLong total;
        private final AtomicLong inWindow;
        private final long measureFrom;
        private final long end;
        private final Acknowledgements acks;
        private final long[] seq;
        private final int[] nextQuestion;
        private final String[] paths;
        private int s = -1;
        private int question;
        private long clientSeq;

        Saver(List<ExamFixture.Worker> sessions, int questions, SplittableRandom random, Operations ops,
              Latencies measured, AtomicLong total, AtomicLong inWindow, long measureFrom, long end,
              Acknowledgements acks) {
            this.sessions = sessions;
            this.questions = questions;
            this.random = random;
            this.ops = ops;
            this.measured = measured;
            this.total = total;
            this.inWindow = inWindow;
            this.measureFrom = measureFrom;
            this.end = end;
            this.acks = acks;
            this.seq = new long[sessions.size()];
            this.nextQuestion = new int[sessions.size()];
            this.paths = sessions.stream().map(w -> "/api/sessions/" + w.sessionId() + "/answers")
                    .toArray(String[]::new);
        }

        @Override
        public HttpLoop.Request next() {
            s = (s + 1) % sessions.size();
            question = nextQuestion[s] % questions + 1;
            nextQuestion[s]++;
            clientSeq = ++seq[s];
            String body = "{\"questionId\":\"" + ExamFixture.question(question) + "\",\"optionId\":\""
                    + ExamFixture.option(question, random.nextInt(4)) + "\",\"pageIndex\":" + (question - 1) / 10
                    + ",\"clientSeq\":" + clientSeq + "}";
            return new HttpLoop.Request("POST", paths[s], sessions.get(s).token(), body);
        }

        @Override
        public void answered(HttpConnection.Response r, long sentAt, long answeredAt) {
            if (r.status() != 200) {
                ops.error("SaveAnswer", r.status() + " " + r.text());
                return;
            }
            total.incrementAndGet();
            if (sentAt >= measureFrom && answeredAt <= end) {
                measured.recordNanos(answeredAt - sentAt);
                inWindow.incrementAndGet();
            }
            if (acks != null) {
                acks.acknowledged(sessions.get(s).sessionId(), question, clientSeq);
            }
        }

        @Override
        public void failed(IOException error) {
            ops.error("SaveAnswer", error.toString());
        }
    }
}
