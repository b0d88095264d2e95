package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.examengine.application.sample.SampleExam;
import org.examengine.domain.exampackage.QuestionId;
import org.junit.jupiter.api.Test;

/**
 * A server told to stop (a deployment, SIGTERM) first lets the requests it is handling finish: a worker's save whose
 * body was still arriving is stored and answered, not cut off.
 */
class GracefulStopTest {

    @Test
    void aSaveBeingReceivedWhenTheServerStopsIsStoredAndAnswered() throws Exception {
        HttpTestBed bed = new HttpTestBed(1, b -> b.stopGrace(Duration.ofSeconds(10))).scheduleDirectly(5);
        try {
            assertThat(bed.post("/api/sessions/" + bed.sid(1) + "/start", bed.worker(1)).status()).isEqualTo(200);
            QuestionId question = SampleExam.question(1);
            byte[] body = ("{\"questionId\":\"" + question.value() + "\",\"optionId\":\""
                    + SampleExam.correctOption(1).value() + "\",\"pageIndex\":0,\"clientSeq\":1}")
                    .getBytes(StandardCharsets.UTF_8);
            String head = "POST /api/sessions/" + bed.sid(1) + "/answers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + bed.worker(1) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";

            try (Socket socket = new Socket("127.0.0.1", bed.server.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, 10);
                out.flush();
                Thread.sleep(200);

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(bed.server::stop);
                Thread.sleep(500);
                assertThat(stopping).as("waiting for the save in flight").isNotDone();

                out.write(body, 10, body.length - 10);
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 200").contains("\"applied\":true");
                stopping.get(20, TimeUnit.SECONDS);
            }
            assertThat(bed.storage.responses().find(bed.sid(1), question)).as("stored")
                    .hasValueSatisfying(r -> assertThat(r.clientSeq()).isEqualTo(1));
        } finally {
            bed.close();
        }
    }

    @Test
    void aRequestThatDoesNotFinishWithinTheGraceIsCutOffAndTheServerStopsAllTheSame() throws Exception {
        HttpTestBed bed = new HttpTestBed(1, b -> b.stopGrace(Duration.ofSeconds(1))).scheduleDirectly(5);
        try (Socket socket = new Socket("127.0.0.1", bed.server.port())) {
            socket.setSoTimeout(20_000);
            // A body that never arrives in full.
            socket.getOutputStream().write(("POST /api/sessions/" + bed.sid(1) + "/answers HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer " + bed.worker(1) + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"questionId\"")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            Thread.sleep(200);

            long started = System.nanoTime();
            bed.server.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the grace, then no longer")
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            assertThat(socket.getInputStream().read()).as("the connection closed, no answer").isEqualTo(-1);
        } finally {
            bed.close();
        }
    }
}
