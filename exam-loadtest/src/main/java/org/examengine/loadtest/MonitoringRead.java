package org.examengine.loadtest;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 4, the monitoring read of the exam-day group over HTTP by one HC client: {@code GET
 * /api/assessments/{id}/monitoring}, timed until the whole body is received. Before every read the group's one
 * open session saves an answer, untimed, so that each read sees a new version and the database cannot answer from
 * its result cache. Then the unchanged poll: the same request with {@code If-None-Match} and no write in between,
 * which should answer 304.
 */
final class MonitoringRead {

    /** What the reads showed; {@code answers} is the sum of the rows' progress. */
    record Result(int sessions, long answers, int bodyBytes, Latencies reads, Latencies unchanged, long pollsChanged,
                  Operations operations, long fromNanos, long toNanos) {
    }

    private MonitoringRead() {
    }

    static Result run(int port, ExamFixture exam, ExamFixture.Worker open, Settings settings, Acknowledgements acks) {
        Operations ops = new Operations();
        Latencies reads = ops.of("Monitoring read, 200");
        Latencies unchanged = ops.of("Monitoring poll, unchanged (304)");
        String path = "/api/assessments/" + exam.assessmentId + "/monitoring";
        long seq = 1_000_000;
        int sessions = 0;
        long answers = 0;
        int bodyBytes = 0;
        String etag = null;
        AtomicLong changed = new AtomicLong();
        long t0 = System.nanoTime();
        int warmup = settings.get("monitor-warmup-reads");
        int total = warmup + settings.get("monitor-reads");
        try (HttpConnection worker = new HttpConnection(JavaProcess.HOST, port);
             HttpConnection hc = new HttpConnection(JavaProcess.HOST, port)) {
            for (int i = 0; i < total; i++) {
                seq++;
                String body = "{\"questionId\":\"" + ExamFixture.question(1) + "\",\"optionId\":\""
                        + ExamFixture.option(1, (int) (seq % 2)) + "\",\"pageIndex\":0,\"clientSeq\":" + seq + "}";
                HttpConnection.Response saved = worker.send("POST", "/api/sessions/" + open.sessionId() + "/answers",
                        open.token(), null, body);
                if (saved.status() == 200) {
                    acks.acknowledged(open.sessionId(), 1, seq);
                } else {
                    ops.error("SaveAnswer", saved.status() + " " + saved.text());
                }
                long begin = System.nanoTime();
                HttpConnection.Response r = hc.send("GET", path, exam.hcToken, null, null);
                long took = System.nanoTime() - begin;
                if (r.status() != 200) {
                    ops.error("Monitoring read", r.status() + " " + r.text());
                    continue;
                }
                if (i >= warmup) {
                    reads.recordNanos(took);
                }
                etag = r.etag();
                if (bodyBytes == 0) {
                    bodyBytes = r.body().length;
                    JsonNode snapshot = ExamFixture.JSON.readTree(r.body());
                    for (JsonNode row : snapshot.path("sessions")) {
                        sessions++;
                        answers += row.path("progress").asLong();
                    }
                }
            }
            for (int i = 0; i < settings.get("monitor-polls"); i++) {
                long begin = System.nanoTime();
                HttpConnection.Response r = hc.send("GET", path, exam.hcToken, etag, null);
                long took = System.nanoTime() - begin;
                if (r.status() == 304) {
                    unchanged.recordNanos(took);
                } else if (r.status() == 200) {
                    changed.incrementAndGet();
                    etag = r.etag();
                } else {
                    ops.error("Monitoring poll", r.status() + " " + r.text());
                }
            }
        } catch (IOException e) {
            ops.error("Monitoring read", e.toString());
        }
        return new Result(sessions, answers, bodyBytes, reads, unchanged, changed.get(), ops, t0, System.nanoTime());
    }
}
