package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.ExamSession;
import org.junit.jupiter.api.Test;

/** Idle polling: an unchanged view answers 304 from its ETag. */
class MonitoringEtagTest {

    private static HttpTestBed.Reply poll(HttpTestBed bed, String path, String etag) {
        return bed.send("GET", path, bed.hcToken, null, etag == null ? Map.of() : Map.of("If-None-Match", etag));
    }

    @Test
    void anUnchangedViewAnswersNotModifiedAndAChangedOneANewTag() {
        try (HttpTestBed bed = new HttpTestBed(2).scheduleDirectly(5)) {
            String path = "/api/assessments/" + bed.assessmentId + "/monitoring";
            HttpTestBed.Reply first = poll(bed, path, null);
            assertThat(first.status()).isEqualTo(200);
            String etag = first.header("ETag");
            assertThat(etag).startsWith("W/\"" + first.json().path("version").asLong() + "-");
            assertThat(first.header("Cache-Control")).as("names and scores never kept on disk").isEqualTo("no-store");

            HttpTestBed.Reply same = poll(bed, path, etag);
            assertThat(same.status()).isEqualTo(304);
            assertThat(same.body()).isEmpty();
            assertThat(same.header("ETag")).isEqualTo(etag);

            assertThat(bed.start(1).status()).isEqualTo(200);

            HttpTestBed.Reply changed = poll(bed, path, etag);
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.header("ETag")).isNotEqualTo(etag);
            assertThat(changed.json().path("version").asLong()).isGreaterThan(first.json().path("version").asLong());
        }
    }

    @Test
    void theTagAlsoChangesWhenAWorkerGoesOfflineWithoutAnyStoredChange() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            String path = "/api/assessments/" + bed.assessmentId + "/monitoring";
            HttpTestBed.Reply online = poll(bed, path, null);
            assertThat(online.json().path("sessions").get(0).path("online").asBoolean()).isTrue();

            bed.clock.advanceSeconds(120);

            HttpTestBed.Reply offline = poll(bed, path, online.header("ETag"));
            assertThat(offline.status()).isEqualTo(200);
            assertThat(offline.json().path("version").asLong()).isEqualTo(online.json().path("version").asLong());
            assertThat(offline.json().path("sessions").get(0).path("online").asBoolean()).isFalse();
        }
    }

    @Test
    void anUnchangedGroupIsAnsweredFromTheKeptAnswerForAtMostASecond() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            assertThat(bed.start(1).status()).isEqualTo(200);
            String path = "/api/assessments/" + bed.assessmentId + "/monitoring";
            HttpTestBed.Reply first = poll(bed, path, null);

            // A change the engine did not announce (made on the storage behind its back) is not seen by a poll
            // answered from the kept answer, which shows that the poll did not read storage ...
            bed.storage.transactions().inTransaction(() -> {
                ExamSession s = bed.storage.sessions().findByIdForUpdate(bed.sid(1)).orElseThrow();
                Assessment a = bed.storage.assessments().findById(s.assessmentId()).orElseThrow();
                return bed.storage.sessions().update(s.touch(a, bed.clock.instant()).session());
            });
            assertThat(poll(bed, path, first.header("ETag")).status()).isEqualTo(304);
            assertThat(poll(bed, path, null).json().path("version").asLong())
                    .isEqualTo(first.json().path("version").asLong());

            // ... and a second later the group is read again.
            bed.clock.advanceSeconds(1);
            HttpTestBed.Reply later = poll(bed, path, first.header("ETag"));
            assertThat(later.status()).isEqualTo(200);
            assertThat(later.json().path("version").asLong()).isGreaterThan(first.json().path("version").asLong());
        }
    }

    @Test
    void aRenamedParticipantChangesTheTag() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            String path = "/api/assessments/" + bed.assessmentId + "/monitoring";
            HttpTestBed.Reply first = poll(bed, path, null);
            assertThat(first.json().path("sessions").get(0).path("name").asText()).isEqualTo("Worker 1");

            // Scheduling another assessment with the same participant under a new name renames them everywhere.
            bed.engine.scheduleAssessment().scheduleAssessment(new ScheduleAssessmentCommand(HttpTestBed.ROOT,
                    "asmt-2", "Ladder safety", "Competency", LocalDate.of(2026, 3, 3),
                    Instant.parse("2026-03-03T08:00:00Z"), null, 30, 60, null, List.of(PackageId.of("pkg-1")),
                    List.of(new ScheduleAssessmentCommand.ParticipantInput("w-1", "Worker One", "EMP-00001",
                            "worker1@example.com"))));
            bed.clock.advanceSeconds(1);

            HttpTestBed.Reply renamed = poll(bed, path, first.header("ETag"));
            assertThat(renamed.status()).isEqualTo(200);
            assertThat(renamed.json().path("sessions").get(0).path("name").asText()).isEqualTo("Worker One");
            assertThat(poll(bed, path, renamed.header("ETag")).status()).isEqualTo(304);
        }
    }

    @Test
    void pollingByTitleCategoryAndDateAlsoAnswersNotModified() {
        try (HttpTestBed bed = new HttpTestBed(1).scheduleDirectly(5)) {
            String path = "/api/monitoring?title=Forklift%20safety&category=Competency&scheduleDate=2026-03-02";
            HttpTestBed.Reply first = poll(bed, path, null);
            assertThat(first.status()).isEqualTo(200);
            assertThat(poll(bed, path, first.header("ETag")).status()).isEqualTo(304);
            assertThat(poll(bed, path, "\"something-else\"").status()).isEqualTo(200);
        }
    }
}
