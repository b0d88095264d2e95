package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The whole story over a real port: an admin imports and schedules, workers take the exam, HC watches and exports. */
class WholeExamOverHttpTest {

    private static final int QUESTIONS = 6;

    @Test
    void anExamRunsFromSchedulingToExportedResultsOverTheApi() {
        try (HttpTestBed bed = new HttpTestBed(2)) {
            HttpTestBed.Reply imported = bed.post("/api/packages", bed.adminToken, HttpTestBed.json(packageBody()));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(imported.json().path("questionCount").asInt()).isEqualTo(QUESTIONS);

            HttpTestBed.Reply scheduled = bed.post("/api/assessments", bed.adminToken, HttpTestBed.json(scheduleBody()));
            assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(201);
            assertThat(scheduled.header("Location")).isEqualTo("/api/assessments/forklift-1/monitoring");
            Map<String, String> sessionOf = new LinkedHashMap<>();
            scheduled.json().path("sessions").forEach(s ->
                    sessionOf.put(s.path("participantId").asText(), s.path("sessionId").asText()));
            assertThat(sessionOf).containsOnlyKeys("w-1", "w-2");

            HttpTestBed.Reply before = bed.get("/api/assessments/forklift-1/monitoring", bed.hcToken);
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.json().path("groupStatus").asText()).isEqualTo("Open");
            assertThat(before.json().path("sessions")).extracting(r -> r.path("status").asText())
                    .containsOnly("NotStarted");

            // Worker 1 answers everything right, worker 2 only the first question.
            takeExam(bed, 1, sessionOf.get("w-1"), QUESTIONS);
            takeExam(bed, 2, sessionOf.get("w-2"), 1);

            HttpTestBed.Reply result = bed.get("/api/sessions/" + sessionOf.get("w-1") + "/result", bed.worker(1));
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.json().path("scorePercent").asDouble()).isEqualTo(100.0);
            assertThat(result.json().path("result").asText()).isEqualTo("Pass");

            HttpTestBed.Reply monitoring = bed.get("/api/monitoring?title=Forklift%20safety&category=Competency"
                    + "&scheduleDate=2026-03-02", bed.hcToken);
            assertThat(monitoring.status()).as(monitoring.body()).isEqualTo(200);
            JsonNode rows = monitoring.json().path("sessions");
            assertThat(rows).extracting(r -> r.path("status").asText()).containsOnly("Completed");
            assertThat(rows).extracting(r -> r.path("result").asText()).containsExactlyInAnyOrder("Pass", "Fail");
            assertThat(rows).extracting(r -> r.path("progress").asInt()).containsExactlyInAnyOrder(QUESTIONS, 1);
            assertThat(monitoring.json().path("groupStatus").asText()).isEqualTo("Closed");
            assertThat(monitoring.body()).doesNotContain("@example.com").doesNotContain("EMP-");

            HttpTestBed.Reply csv = bed.get("/api/assessments/forklift-1/results.csv", bed.hcToken);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            List<String> lines = csv.body().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("sessionId,participantId,name,employeeNumber,status");
            assertThat(lines.get(1)).contains("Worker 1", "EMP-00001", "Completed", "100.0", "Pass");
            assertThat(lines.get(2)).contains("Worker 2", "EMP-00002");
            assertThat(csv.body()).doesNotContain("@example.com");

            HttpTestBed.Reply exported = bed.get("/api/assessments/forklift-1/results.json", bed.hcToken);
            assertThat(exported.status()).isEqualTo(200);
            assertThat(exported.json().path("rows")).extracting(r -> r.path("answered").asInt())
                    .containsExactly(QUESTIONS, 1);

            HttpTestBed.Reply history = bed.get("/api/assessments?title=forklift&status=Closed", bed.hcToken);
            assertThat(history.status()).isEqualTo(200);
            assertThat(history.json()).extracting(a -> a.path("id").asText()).containsExactly("forklift-1");
        }
    }

    @Test
    void theShippedPackageFileIsImportedOverTheApiAsItIs() throws IOException {
        try (HttpTestBed bed = new HttpTestBed(1)) {
            String file = Files.readString(Path.of("../docs/examples/forklift-safety.json"));
            HttpTestBed.Reply imported = bed.post("/api/packages", bed.adminToken, file);
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(imported.json().path("id").asText()).isEqualTo("forklift-v2");
            assertThat(imported.json().path("questionCount").asInt()).isEqualTo(2);
        }
    }

    private static void takeExam(HttpTestBed bed, int worker, String sessionId, int answerCorrectly) {
        HttpTestBed.Reply sheet = bed.post("/api/sessions/" + sessionId + "/start", bed.worker(worker));
        assertThat(sheet.status()).as(sheet.body()).isEqualTo(200);
        assertThat(sheet.json().path("status").asText()).isEqualTo("InProgress");
        assertThat(sheet.json().path("questions")).hasSize(QUESTIONS);
        // The sheet never tells which option is correct.
        assertThat(sheet.body()).doesNotContain("correct");
        long seq = 0;
        for (int q = 1; q <= answerCorrectly; q++) {
            HttpTestBed.Reply saved = bed.post("/api/sessions/" + sessionId + "/answers", bed.worker(worker),
                    HttpTestBed.json(Map.of("questionId", "q" + q, "optionId", correct(q), "pageIndex", 0,
                            "clientSeq", ++seq)));
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.json().path("applied").asBoolean()).isTrue();
        }
        HttpTestBed.Reply submitted = bed.post("/api/sessions/" + sessionId + "/submit", bed.worker(worker));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.json().path("status").asText()).isEqualTo("Completed");
    }

    private static String correct(int q) {
        return "q" + q + "." + (char) ('a' + (q - 1) % 4);
    }

    private static Map<String, Object> packageBody() {
        List<Object> questions = new ArrayList<>();
        for (int q = 1; q <= QUESTIONS; q++) {
            List<Object> options = new ArrayList<>();
            for (int o = 0; o < 4; o++) {
                String id = "q" + q + "." + (char) ('a' + o);
                options.add(Map.of("id", id, "text", "Option " + id, "correct", id.equals(correct(q))));
            }
            questions.add(Map.of("id", "q" + q, "text", "Question " + q, "options", options));
        }
        return Map.of("packageId", "safety-v1", "title", "Safety", "questions", questions);
    }

    private static Map<String, Object> scheduleBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assessmentId", "forklift-1");
        body.put("title", "Forklift safety");
        body.put("category", "Competency");
        body.put("scheduleDate", "2026-03-02");
        body.put("opensAt", HttpTestBed.OPENS.toString());
        body.put("durationMinutes", 30);
        body.put("passingScorePercent", 60);
        body.put("policy", Map.of("graceSeconds", 60, "questionsPerPage", 3));
        body.put("packageIds", List.of("safety-v1"));
        body.put("participants", List.of(
                Map.of("id", "w-1", "displayName", "Worker 1", "employeeNumber", "EMP-00001",
                        "email", "worker1@example.com"),
                // The participant file's column name is taken as well.
                Map.of("id", "w-2", "name", "Worker 2", "employeeNumber", "EMP-00002",
                        "email", "worker2@example.com")));
        return body;
    }
}
