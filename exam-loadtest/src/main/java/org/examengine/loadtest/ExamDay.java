package org.examengine.loadtest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.eclipse.jetty.websocket.api.StatusCode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 3, an exam day: {@code day-workers} workers start (shaped by the start bucket), answer each of the
 * {@code day-questions} questions once with a think time around {@code day-think-millis} (half to one and a half
 * of it), send a heartbeat every {@code day-heartbeat-seconds} and check their status every
 * {@code day-status-seconds}, then submit. Meanwhile {@code day-push-watchers} HC watchers follow the group on the
 * push channel and {@code day-poll-watchers} poll the monitoring view with {@code If-None-Match}.
 *
 * <p><b>Push delay</b> is measured per watcher and per save: from the moment the worker's client received the
 * acknowledgement of the save that brought its session to progress {@code p}, to the moment the watcher received
 * the message whose row for that session shows progress {@code p} or more. A message that arrives before the
 * acknowledgement counts as 0 ms (and is counted apart).
 *
 * <p>The last worker answers every question but does not submit, so that its session stays open for the
 * monitoring scenario, which writes through it between reads. Ends when every worker is done, or after
 * {@code day-limit-seconds}.
 */
final class ExamDay {

    /** What the exam day showed; {@code scores} holds the score each submitting worker was answered. */
    record Result(int workers, int completed, long saves, double seconds, Operations operations, Latencies pushDelay,
                  long pushMessages, long pushBeforeAck, int watchersConnected, Map<String, Double> scores,
                  ExamFixture.Worker openWorker, long fromNanos, long toNanos) {
    }

    private final ExamFixture exam;
    private final int port;
    private final Settings settings;
    private final Acknowledgements acks;
    private final Operations ops = new Operations();
    private final Latencies pushDelay = new Latencies();
    private final AtomicLong pushMessages = new AtomicLong();
    private final AtomicLong pushBeforeAck = new AtomicLong();
    private final Map<String, Integer> sessionIndex = new HashMap<>();
    private final AtomicLongArray ackNanos;
    private final int stride;
    private final Map<String, Double> scores = new ConcurrentHashMap<>();
    private volatile boolean closing;

    private ExamDay(ExamFixture exam, int port, Settings settings, Acknowledgements acks) {
        this.exam = exam;
        this.port = port;
        this.settings = settings;
        this.acks = acks;
        this.stride = exam.questions + 1;
        this.ackNanos = new AtomicLongArray(exam.workers.size() * stride);
        for (ExamFixture.Worker w : exam.workers) {
            sessionIndex.put(w.sessionId(), w.index());
        }
        for (String op : new String[] {"StartExam", "StartExam refused (429)", "SaveAnswer", "Heartbeat",
            "CheckExamStatus", "SubmitExam", "Monitoring poll, changed (200)", "Monitoring poll, unchanged (304)"}) {
            ops.of(op);
        }
    }

    static Result run(ExamFixture exam, int port, Settings settings, Acknowledgements acks) {
        return new ExamDay(exam, port, settings, acks).run();
    }

    private Result run() {
        PushClient push = PushClient.start();
        int watchers = settings.get("day-push-watchers");
        CountDownLatch snapshots = new CountDownLatch(watchers);
        for (int i = 0; i < watchers; i++) {
            try {
                exam.watch(push, port, new Watcher(snapshots));
            } catch (Exception e) {
                ops.error("push watcher", "cannot connect: " + e);
            }
        }
        try {
            if (!snapshots.await(30, TimeUnit.SECONDS)) {
                ops.error("push watcher", snapshots.getCount() + " watchers got no snapshot within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(settings.get("day-limit-seconds"));
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicLong saves = new AtomicLong();
        AtomicBoolean stopPolling = new AtomicBoolean();
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < settings.get("day-poll-watchers"); i++) {
            Thread t = new Thread(() -> poll(stopPolling, deadline), "poll-watcher-" + i);
            pollers.add(t);
            t.start();
        }
        DelayQueue<DayWorker> queue = new DelayQueue<>();
        SplittableRandom random = new SplittableRandom(3);
        int spread = Math.max(1, settings.get("start-spread-millis"));
        ExamFixture.Worker open = exam.workers.get(exam.workers.size() - 1);
        for (ExamFixture.Worker w : exam.workers) {
            queue.add(new DayWorker(w, w == open, t0 + TimeUnit.MILLISECONDS.toNanos(random.nextInt(spread)), t0));
        }
        int connections = Math.max(1, Math.min(settings.get("day-connections"), exam.workers.size()));
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            SplittableRandom mine = random.split();
            threads[c] = new Thread(() -> drive(queue, mine, finished, completed, saves, deadline), "exam-day-" + c);
            threads[c].start();
        }
        Threads.joinAll(threads);
        long end = System.nanoTime();
        int unfinished = exam.workers.size() - finished.get();
        if (unfinished > 0) {
            ops.error("exam day", unfinished + " workers not done within " + settings.get("day-limit-seconds") + " s");
        }
        Threads.sleepMillis(200);
        stopPolling.set(true);
        Threads.joinAll(pollers.toArray(Thread[]::new));
        closing = true;
        int connected = push.connected();
        push.close();
        return new Result(exam.workers.size(), completed.get(), saves.get(), (end - t0) / 1e9, ops, pushDelay,
                pushMessages.get(), pushBeforeAck.get(), connected, Map.copyOf(scores), open, t0, end);
    }

    private void drive(DelayQueue<DayWorker> queue, SplittableRandom random, AtomicInteger finished,
                       AtomicInteger completed, AtomicLong saves, long deadline) {
        long think = settings.get("day-think-millis");
        long heartbeat = TimeUnit.SECONDS.toNanos(settings.get("day-heartbeat-seconds"));
        long status = TimeUnit.SECONDS.toNanos(settings.get("day-status-seconds"));
        try (HttpConnection http = new HttpConnection(JavaProcess.HOST, port)) {
            while (finished.get() < exam.workers.size() && System.nanoTime() < deadline) {
                DayWorker w;
                try {
                    w = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (w == null) {
                    continue;
                }
                String base = "/api/sessions/" + w.worker.sessionId();
                String token = w.worker.token();
                long now = System.nanoTime();
                try {
                    if (!w.started) {
                        HttpConnection.Response r = http.send("POST", base + "/start", token, null, "{}");
                        long done = System.nanoTime();
                        if (r.status() == 200) {
                            ops.of("StartExam").recordNanos(done - now);
                            w.started = true;
                            w.lastHeartbeat = done;
                            w.lastStatus = done;
                            w.due = done + thinkNanos(think, random);
                        } else if (r.status() == 429) {
                            ops.of("StartExam refused (429)").recordNanos(done - now);
                            w.due = done + TimeUnit.MILLISECONDS.toNanos(
                                    StartRush.retryAfterMillis(r.retryAfter()) + random.nextInt(1_000));
                        } else {
                            fail(w, "StartExam", r, finished);
                            continue;
                        }
                    } else if (now - w.lastHeartbeat >= heartbeat) {
                        timed(http, "POST", base + "/heartbeat", token, "{}", "Heartbeat");
                        w.lastHeartbeat = System.nanoTime();
                        w.due = w.lastHeartbeat;
                    } else if (now - w.lastStatus >= status) {
                        timed(http, "GET", base + "/status", token, null, "CheckExamStatus");
                        w.lastStatus = System.nanoTime();
                        w.due = w.lastStatus;
                    } else if (w.next <= exam.questions) {
                        save(http, w, random, saves);
                        w.due = System.nanoTime() + thinkNanos(think, random);
                    } else {
                        if (!w.keepOpen) {
                            HttpConnection.Response r = http.send("POST", base + "/submit", token, null, "{}");
                            long done = System.nanoTime();
                            if (r.status() != 200) {
                                fail(w, "SubmitExam", r, finished);
                                continue;
                            }
                            ops.of("SubmitExam").recordNanos(done - now);
                            JsonNode result = ExamFixture.JSON.readTree(r.body());
                            scores.put(w.worker.sessionId(), result.path("scorePercent").asDouble(-1));
                            completed.incrementAndGet();
                        }
                        finished.incrementAndGet();
                        continue;
                    }
                } catch (IOException e) {
                    ops.error("exam day", w.worker.sessionId() + ": " + e);
                    w.due = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                queue.add(w);
            }
        }
    }

    private void save(HttpConnection http, DayWorker w, SplittableRandom random, AtomicLong saves)
            throws IOException {
        int q = w.next;
        long seq = ++w.seq;
        String body = "{\"questionId\":\"" + ExamFixture.question(q) + "\",\"optionId\":\""
                + ExamFixture.option(q, random.nextInt(4)) + "\",\"pageIndex\":" + (q - 1) / 10
                + ",\"clientSeq\":" + seq + "}";
        long begin = System.nanoTime();
        HttpConnection.Response r = http.send("POST", "/api/sessions/" + w.worker.sessionId() + "/answers",
                w.worker.token(), null, body);
        long done = System.nanoTime();
        w.next++;
        if (r.status() != 200) {
            ops.error("SaveAnswer", r.status() + " " + r.text());
            return;
        }
        ops.of("SaveAnswer").recordNanos(done - begin);
        saves.incrementAndGet();
        acks.acknowledged(w.worker.sessionId(), q, seq);
        int progress = answeredCount(r.text());
        if (progress > 0 && progress < stride) {
            ackNanos.compareAndSet(w.worker.index() * stride + progress, 0, done);
        }
    }

    private void timed(HttpConnection http, String method, String path, String token, String body, String op)
            throws IOException {
        long begin = System.nanoTime();
        HttpConnection.Response r = http.send(method, path, token, null, body);
        if (r.status() == 200) {
            ops.of(op).recordNanos(System.nanoTime() - begin);
        } else {
            ops.error(op, r.status() + " " + r.text());
        }
    }

    private void fail(DayWorker w, String op, HttpConnection.Response r, AtomicInteger finished) {
        ops.error(op, w.worker.sessionId() + ": " + r.status() + " " + r.text());
        finished.incrementAndGet();
    }

    private void poll(AtomicBoolean stop, long deadline) {
        long every = settings.get("day-poll-millis");
        String path = "/api/assessments/" + exam.assessmentId + "/monitoring";
        String etag = null;
        try (HttpConnection http = new HttpConnection(JavaProcess.HOST, port)) {
            while (!stop.get() && System.nanoTime() < deadline) {
                long begin = System.nanoTime();
                try {
                    HttpConnection.Response r = http.send("GET", path, exam.hcToken, etag, null);
                    long took = System.nanoTime() - begin;
                    if (r.status() == 304) {
                        ops.of("Monitoring poll, unchanged (304)").recordNanos(took);
                    } else if (r.status() == 200) {
                        ops.of("Monitoring poll, changed (200)").recordNanos(took);
                        etag = r.etag();
                    } else {
                        ops.error("Monitoring poll", r.status() + " " + r.text());
                    }
                } catch (IOException e) {
                    ops.error("Monitoring poll", e.toString());
                }
                Threads.sleepMillis(every);
            }
        }
    }

    private static long thinkNanos(long thinkMillis, SplittableRandom random) {
        return TimeUnit.MILLISECONDS.toNanos(thinkMillis / 2 + random.nextLong(thinkMillis + 1));
    }

    /** The {@code answeredCount} of a SavedAnswer, read without a JSON parser; 0 when absent. */
    static int answeredCount(String savedAnswer) {
        int at = savedAnswer.indexOf("\"answeredCount\":");
        if (at < 0) {
            return 0;
        }
        int i = at + "\"answeredCount\":".length();
        while (i < savedAnswer.length() && savedAnswer.charAt(i) == ' ') {
            i++;
        }
        int n = 0;
        while (i < savedAnswer.length() && Character.isDigit(savedAnswer.charAt(i))) {
            n = n * 10 + (savedAnswer.charAt(i++) - '0');
        }
        return n;
    }

    /** One worker's state; only the thread that took it from the queue touches it until it is put back. */
    private static final class DayWorker implements Delayed {
        final ExamFixture.Worker worker;
        final boolean keepOpen;
        boolean started;
        int next = 1;
        long seq;
        long lastHeartbeat;
        long lastStatus;
        long due;

        DayWorker(ExamFixture.Worker worker, boolean keepOpen, long due, long now) {
            this.worker = worker;
            this.keepOpen = keepOpen;
            this.due = due;
            this.lastHeartbeat = now;
            this.lastStatus = now;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(due, ((DayWorker) other).due);
        }
    }

    /** One HC watcher on the push channel: keeps the progress it has seen per session and times new progress. */
    private final class Watcher implements PushClient.Watcher {
        private final CountDownLatch snapshots;
        private final int[] progress = new int[exam.workers.size()];
        private boolean snapshotSeen;
        // What this watcher had received when it failed: tells a broken frame stream from a refused message.
        private long openedNanos;
        private long messages;
        private long chars;

        Watcher(CountDownLatch snapshots) {
            this.snapshots = snapshots;
        }

        @Override
        public void opened() {
            openedNanos = System.nanoTime();
        }

        @Override
        public void message(String text) {
            long now = System.nanoTime();
            messages++;
            chars += text.length();
            try {
                handle(ExamFixture.JSON.readTree(text), now);
            } catch (IOException | RuntimeException e) {
                ops.error("push watcher", "unreadable message: " + e);
            }
        }

        private void handle(JsonNode message, long now) {
            String type = message.path("type").asText();
            boolean snapshot = type.equals("snapshot");
            if (!snapshot && !type.equals("changes")) {
                return;
            }
            pushMessages.incrementAndGet();
            for (JsonNode row : message.path("sessions")) {
                Integer idx = sessionIndex.get(row.path("sessionId").asText());
                if (idx == null) {
                    continue;
                }
                int p = Math.min(row.path("progress").asInt(), stride - 1);
                if (!snapshot) {
                    for (int k = progress[idx] + 1; k <= p; k++) {
                        long ack = ackNanos.get(idx * stride + k);
                        if (ack == 0 || ack > now) {
                            pushBeforeAck.incrementAndGet();
                            pushDelay.recordNanos(0);
                        } else {
                            pushDelay.recordNanos(now - ack);
                        }
                    }
                }
                progress[idx] = Math.max(progress[idx], p);
            }
            if (snapshot && !snapshotSeen) {
                snapshotSeen = true;
                snapshots.countDown();
            }
        }

        @Override
        public void closed(int statusCode, String reason) {
            if (!closing && statusCode != StatusCode.NORMAL) {
                ops.error("push watcher", "closed: " + statusCode + " " + reason);
            }
        }

        @Override
        public void failed(Throwable error) {
            if (!closing) {
                ops.error("push watcher", withCauses(error) + String.format(Locale.ROOT,
                        " (%d ms after opening, %d messages and %d characters received, snapshot %s)",
                        (System.nanoTime() - openedNanos) / 1_000_000, messages, chars,
                        snapshotSeen ? "seen" : "not seen"));
            }
        }
    }

    /**
     * The error with its causes: a WebSocket client may report what it refused in a wrapper exception without a
     * message, whose cause says what was wrong.
     */
    static String withCauses(Throwable error) {
        StringBuilder text = new StringBuilder(error.toString());
        Throwable cause = error.getCause();
        // A few causes say what happened; a chain that loops must not loop here.
        for (int depth = 0; cause != null && cause != error && depth < 5; depth++, cause = cause.getCause()) {
            text.append(", caused by ").append(cause);
        }
        return text.toString();
    }
}
