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
import java.util.function.Consumer;

/**
 * Scenario 2, auto-save throughput: {@code save-connections} connections, each saving answers back to back (no
 * think time) on its own {@code save-sessions-per-connection} started sessions, cycling through the questions with
 * a random option and a growing {@code clientSeq}. All the connections are driven from one thread
 * ({@link HttpLoop}), so that the generator takes little of the CPU the server needs.
 *
 * <p>The engine and the baseline server take the same requests, and are compared under the same conditions
 * ({@link #compare}): each is first warmed up on its own for {@code save-warmup-seconds} (reported as a curve only),
 * then the {@code save-measure-seconds} measured of each are cut into {@code save-windows} windows that alternate
 * between the two, in the order engine, baseline, baseline, engine, engine, ... so that a machine whose speed drifts
 * during the run weighs on both alike. Each server's CPU time (user and system, all its threads) is read at the
 * start and the end of each of its windows, so that the two can also be compared by what a save costs them, and the
 * idle one's CPU is read over the other's windows. Against the engine (when saves are recorded for the audit) every
 * session used is then submitted, untimed for the throughput, so that the audit can regrade them.
 */
final class SaveThroughput {

    /** One point of the curve: saves per second over the interval ending {@code atSeconds} after the start. */
    record Point(double atSeconds, double savesPerSecond) {
    }

    /** One measured window: when it ran ({@link System#nanoTime()}) and the saves answered within it. */
    record Window(long fromNanos, long toNanos, long saves) {

        double savesPerSecond() {
            return toNanos <= fromNanos ? 0 : saves * 1e9 / (toNanos - fromNanos);
        }
    }

    /**
     * What was measured after the warm-up, over all of a server's windows. {@code cpuMicrosPerSave} is the server's
     * CPU time per save answered in its windows and {@code cpuCores} its CPU time per second of them;
     * {@code idleCpuCores} is its CPU time per second of the other server's windows (all NaN when the server's CPU
     * time cannot be read, or when there was no other server).
     */
    record Result(String target, double savesPerSecond, long saves, Latencies latencies, long errors,
                  List<String> firstErrors, List<Point> curve, List<Window> windows, Map<String, Double> scores,
                  double cpuMicrosPerSave, double cpuCores, double idleCpuCores) {
    }

    /** The engine's result and the baseline's, measured in alternated windows. */
    record Comparison(Result engine, Result baseline) {
    }

    private SaveThroughput() {
    }

    /**
     * Runs the scenario against one server: the warm-up, then one measured window of {@code save-measure-seconds}
     * (as for the warm-up of the whole run, where nothing is compared).
     */
    static Result run(String target, int port, ProcessHandle server, List<ExamFixture.Worker> sessions,
                      int questions, Settings settings, Acknowledgements acks) {
        Drive drive = new Drive(target, port, server, sessions, questions, settings, acks);
        drive.warmUp(TimeUnit.SECONDS.toNanos(settings.get("save-warmup-seconds")));
        drive.window(TimeUnit.SECONDS.toNanos(settings.get("save-measure-seconds")), null);
        return drive.result();
    }

    /**
     * Runs the scenario against the engine and the baseline in alternated windows (see the class comment).
     *
     * @param sessions started sessions of the engine with their workers' tokens, the first
     *                 {@code connections x per connection} used against both servers
     * @param acks     where the engine's acknowledged saves are recorded for the audit, or null
     */
    static Comparison compare(int enginePort, ProcessHandle engineProcess, int baselinePort,
                              ProcessHandle baselineProcess, List<ExamFixture.Worker> sessions, int questions,
                              Settings settings, Acknowledgements acks, Consumer<String> say) {
        Drive engine = new Drive("engine", enginePort, engineProcess, sessions, questions, settings, acks);
        Drive baseline = new Drive("baseline", baselinePort, baselineProcess, sessions, questions, settings, null);
        long warmup = TimeUnit.SECONDS.toNanos(settings.get("save-warmup-seconds"));
        int windows = settings.get("save-windows");
        long window = TimeUnit.SECONDS.toNanos(settings.get("save-measure-seconds")) / windows;
        say.accept("  engine warm-up, " + settings.get("save-warmup-seconds") + " s");
        engine.warmUp(warmup);
        say.accept("  baseline warm-up, " + settings.get("save-warmup-seconds") + " s");
        baseline.warmUp(warmup);
        say.accept("  " + windows + " measured windows of " + TimeUnit.NANOSECONDS.toMillis(window)
                + " ms each, alternating");
        for (int i = 0; i < 2 * windows; i++) {
            // engine, baseline, baseline, engine, engine, baseline, ...
            boolean engineTurn = ((i + 1) / 2) % 2 == 0;
            Drive running = engineTurn ? engine : baseline;
            running.window(window, engineTurn ? baseline : engine);
        }
        return new Comparison(engine.result(), baseline.result());
    }

    /** The interval of a warm-up's curve: 5 s, or 1 s for a warm-up shorter than 20 s. */
    static int curveStepSeconds(long warmUpNanos) {
        return warmUpNanos >= TimeUnit.SECONDS.toNanos(20) ? 5 : 1;
    }

    /** One server's side of the scenario: its connections' state, kept from the warm-up through every window. */
    private static final class Drive {
        private final String target;
        private final int port;
        private final ProcessHandle server;
        private final List<ExamFixture.Worker> sessions;
        private final Acknowledgements acks;
        private final Operations ops = new Operations();
        private final Latencies measured;
        private final AtomicLong total = new AtomicLong();
        private final AtomicLong inWindow = new AtomicLong();
        private final List<Saver> savers = new ArrayList<>();
        private final List<Point> curve = new ArrayList<>();
        private final List<Window> windows = new ArrayList<>();
        private final Map<String, Double> scores = new ConcurrentHashMap<>();
        private final int connections;
        private double activeSeconds;
        private long cpuNanos;
        private long cpuSaves;
        private long cpuWindowNanos;
        private boolean cpuReadable = true;
        private long idleCpuNanos;
        private long idleWindowNanos;
        private boolean idleReadable = true;

        Drive(String target, int port, ProcessHandle server, List<ExamFixture.Worker> sessions, int questions,
              Settings settings, Acknowledgements acks) {
            this.connections = settings.get("save-connections");
            int perConnection = settings.get("save-sessions-per-connection");
            if (sessions.size() < connections * perConnection) {
                throw new IllegalArgumentException("the throughput scenario needs " + connections * perConnection
                        + " started sessions, has " + sessions.size());
            }
            this.target = target;
            this.port = port;
            this.server = server;
            this.sessions = sessions.subList(0, connections * perConnection);
            this.acks = acks;
            this.measured = ops.of("SaveAnswer");
            for (int c = 0; c < connections; c++) {
                savers.add(new Saver(this, sessions.subList(c * perConnection, (c + 1) * perConnection), questions,
                        new SplittableRandom(c)));
            }
        }

        /** Saves for {@code nanos}, unmeasured, adding a point to the curve every 5 s (every second if shorter). */
        void warmUp(long nanos) {
            if (nanos <= 0) {
                return;
            }
            long t0 = System.nanoTime();
            long end = t0 + nanos;
            Thread loop = loop(null, Long.MAX_VALUE, Long.MIN_VALUE, end);
            long step = TimeUnit.SECONDS.toNanos(curveStepSeconds(nanos));
            long previous = total.get();
            for (long at = t0 + step; at <= end; at += step) {
                sleepUntil(at);
                long now = total.get();
                curve.add(new Point(activeSeconds + (at - t0) / 1e9, (now - previous) * 1e9 / step));
                previous = now;
            }
            Threads.joinAll(loop);
            activeSeconds += nanos / 1e9;
        }

        /**
         * Saves for {@code nanos}, measured: the saves sent and answered within the window count, and the server's
         * CPU time is read at its start and its end; so is {@code idle}'s, the other server, when given. The window
         * starts once the connections are open (opening 64 at once took a second now and then).
         */
        void window(long nanos, Drive idle) {
            long before = inWindow.get();
            HttpLoop connected;
            try {
                connected = HttpLoop.connect(JavaProcess.HOST, port, savers);
            } catch (IOException e) {
                // Counted as an error, and as a window without saves, so that the windows stay in pairs.
                ops.error("SaveAnswer", e.toString());
                long now = System.nanoTime();
                windows.add(new Window(now, now + nanos, 0));
                return;
            }
            // The window starts once its connections are open.
            Optional<Duration> cpuFrom = cpu(server);
            Optional<Duration> idleFrom = idle == null ? Optional.empty() : cpu(idle.server);
            long from = System.nanoTime();
            long end = from + nanos;
            Thread loop = loop(connected, from, end, end);
            sleepUntil(end);
            Optional<Duration> cpuTo = cpu(server);
            Optional<Duration> idleTo = idle == null ? Optional.empty() : cpu(idle.server);
            long to = System.nanoTime();
            Threads.joinAll(loop);
            long saves = inWindow.get() - before;
            windows.add(new Window(from, end, saves));
            activeSeconds += nanos / 1e9;
            curve.add(new Point(activeSeconds, saves * 1e9 / nanos));
            if (cpuFrom.isPresent() && cpuTo.isPresent()) {
                cpuNanos += cpuTo.get().minus(cpuFrom.get()).toNanos();
                cpuSaves += saves;
                cpuWindowNanos += to - from;
            } else {
                cpuReadable = false;
            }
            if (idle != null) {
                if (idleFrom.isPresent() && idleTo.isPresent()) {
                    idle.idleCpuNanos += idleTo.get().minus(idleFrom.get()).toNanos();
                    idle.idleWindowNanos += to - from;
                } else {
                    idle.idleReadable = false;
                }
            }
        }

        /**
         * Starts the connections' loop on {@code connected} (or on connections of its own when null), counting the
         * answers to requests sent and answered between the bounds.
         */
        private Thread loop(HttpLoop connected, long measureFrom, long measureTo, long end) {
            for (Saver s : savers) {
                s.measureFrom = measureFrom;
                s.measureTo = measureTo;
            }
            Thread loop = new Thread(() -> {
                try {
                    if (connected == null) {
                        HttpLoop.run(JavaProcess.HOST, port, savers, end);
                    } else {
                        connected.drive(end);
                    }
                } catch (IOException | RuntimeException e) {
                    ops.error("SaveAnswer", e.toString());
                }
            }, "save-" + target);
            loop.start();
            return loop;
        }

        Result result() {
            if (acks != null) {
                submitAll(port, sessions, ops, scores);
            }
            long windowNanos = windows.stream().mapToLong(w -> w.toNanos() - w.fromNanos()).sum();
            double rate = windowNanos == 0 ? 0 : inWindow.get() * 1e9 / windowNanos;
            boolean cpu = cpuReadable && cpuSaves > 0 && cpuWindowNanos > 0;
            boolean idle = idleReadable && idleWindowNanos > 0;
            return new Result(target, rate, inWindow.get(), measured, ops.errors(), ops.firstErrors(),
                    List.copyOf(curve), List.copyOf(windows), Map.copyOf(scores),
                    cpu ? cpuNanos / 1e3 / cpuSaves : Double.NaN,
                    cpu ? (double) cpuNanos / cpuWindowNanos : Double.NaN,
                    idle ? (double) idleCpuNanos / idleWindowNanos : Double.NaN);
        }

        private static Optional<Duration> cpu(ProcessHandle server) {
            return server == null ? Optional.empty() : server.info().totalCpuDuration();
        }

        private static void sleepUntil(long nanoTime) {
            long sleep = nanoTime - System.nanoTime();
            if (sleep > 0) {
                Threads.sleepMillis(TimeUnit.NANOSECONDS.toMillis(sleep));
            }
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
        private final Drive drive;
        private final List<ExamFixture.Worker> sessions;
        private final int questions;
        private final SplittableRandom random;
        private final long[] seq;
        private final int[] nextQuestion;
        private final String[] paths;
        // Set by the drive before each loop starts, read only by the loop's thread.
        long measureFrom;
        long measureTo;
        private int s = -1;
        private int question;
        private long clientSeq;

        Saver(Drive drive, List<ExamFixture.Worker> sessions, int questions, SplittableRandom random) {
            this.drive = drive;
            this.sessions = sessions;
            this.questions = questions;
            this.random = random;
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
                drive.ops.error("SaveAnswer", r.status() + " " + r.text());
                return;
            }
            drive.total.incrementAndGet();
            if (sentAt >= measureFrom && answeredAt <= measureTo) {
                drive.measured.recordNanos(answeredAt - sentAt);
                drive.inWindow.incrementAndGet();
            }
            if (drive.acks != null) {
                drive.acks.acknowledged(sessions.get(s).sessionId(), question, clientSeq);
            }
        }

        @Override
        public void failed(IOException error) {
            drive.ops.error("SaveAnswer", error.toString());
        }
    }
}
