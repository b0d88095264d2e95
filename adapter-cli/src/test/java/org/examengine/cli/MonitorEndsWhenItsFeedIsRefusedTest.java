package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor --server} ends, in one line, when the server refuses its feed for good, instead of drawing on. */
class MonitorEndsWhenItsFeedIsRefusedTest {

    @TempDir
    Path dir;

    @Test
    void revokingTheMonitorsTokenEndsItAsRefused() throws Exception {
        StorageOptions db = new StorageOptions();
        db.db = dir.resolve("db").toString();
        db.user = "";
        db.password = "";
        try (ServerAssembly node = ServerAssembly.start(db, "127.0.0.1", 0)) {
            Actor admin = Actor.admin("test");
            node.engine.importPackage().importPackage(SampleExam.packageCommand(admin, "p", 5));
            node.engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(admin, "watched", "Watched",
                    Instant.now().minusSeconds(60), 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("p")), 2));
            IssuedToken hc = node.engine.issueToken().issueToken(new IssueTokenCommand(admin, Actor.hc("hc"), null));
            String adminToken = node.engine.issueToken().issueToken(new IssueTokenCommand(admin, admin, null)).token();

            try (CliProcess monitor = CliProcess.start("monitor", "watched", "--server", node.baseUrl(), "--token",
                    hc.token())) {
                monitor.awaitLine("Worker 1", 30);
                HttpResponse<String> revoked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(node.baseUrl() + "/api/tokens/" + hc.tokenId()))
                        .header("Authorization", "Bearer " + adminToken).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);

                assertThat(monitor.waitFor(30)).as("refused").isEqualTo(1);
                List<String> errors = monitor.allLines(5).stream().filter(l -> l.startsWith("error: ")).toList();
                assertThat(errors).singleElement().asString().contains("the live feed of watched was refused");
            }
        }
    }
}
