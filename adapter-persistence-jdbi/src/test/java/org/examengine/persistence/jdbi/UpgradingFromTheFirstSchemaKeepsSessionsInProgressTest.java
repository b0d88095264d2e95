package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database written by the first schema, with workers in the middle of an exam, is migrated to the latest
 * schema; the workers then resume, save and submit through the engine, and nothing they saved is lost.
 */
class UpgradingFromTheFirstSchemaKeepsSessionsInProgressTest {

    private static final Instant OPENS = Instant.parse("2030-05-04T08:00:00Z");
    private static final Instant STARTED = OPENS.plusSeconds(120).plusNanos(654_321_000);

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void workersResumeSaveAndSubmitAfterTheUpgrade(Backend backend) {
        try (JdbiExamStorage storage = backend.fresh(tempDir)) {
            int applied = Migrations.configure(storage.dataSource()).target("1").load().migrate().migrationsExecuted;
            assertThat(applied).isEqualTo(1);
            storage.jdbi().useHandle(UpgradingFromTheFirstSchemaKeepsSessionsInProgressTest::writeWithFirstSchema);

            storage.migrate();

            ManualClock clock = new ManualClock(STARTED.plus(Duration.ofMinutes(10)));
            ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).build();
            Actor w1 = Actor.worker("w1");
            Actor w2 = Actor.worker("w2");
            SessionId s1 = SessionId.of("s1");
            SessionId s2 = SessionId.of("s2");

            ExamSheet resumed = engine.startExam().startExam(new SessionCommand(w1, s1));
            assertThat(resumed.status()).isEqualTo(SessionStatus.IN_PROGRESS);
            assertThat(resumed.answers()).containsExactlyInAnyOrder(
                    new ExamSheet.SavedChoice(QuestionId.of("q1"), OptionId.of("q1.a"), 3),
                    new ExamSheet.SavedChoice(QuestionId.of("q2"), OptionId.of("q2.c"), 4));
            assertThat(resumed.lastPageIndex()).isZero();
            assertThat(resumed.remainingSeconds()).isEqualTo(Duration.ofMinutes(50).toSeconds());

            SavedAnswer stale = engine.saveAnswer().saveAnswer(
                    new SaveAnswerCommand(w1, s1, QuestionId.of("q1"), OptionId.of("q1.b"), 0, 2));
            assertThat(stale.applied()).isFalse();
            assertThat(stale.optionId()).isEqualTo(OptionId.of("q1.a"));
            SavedAnswer saved = engine.saveAnswer().saveAnswer(
                    new SaveAnswerCommand(w1, s1, QuestionId.of("q3"), OptionId.of("q3.c"), 1, 5));
            assertThat(saved.applied()).isTrue();
            assertThat(saved.answeredCount()).isEqualTo(3);
            assertThat(engine.startExam().startExam(new SessionCommand(w1, s1)).lastPageIndex()).isEqualTo(1);

            ExamResult result = engine.submitExam().submitExam(new SubmitExamCommand(w1, s1));
            assertThat(result.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(result.closedBy()).isEqualTo(ClosedBy.WORKER);
            // q1.a, q2.b and q3.c are correct; q2 was answered c: weights 1 + 1 of 4 questions.
            assertThat(result.scorePercent()).isEqualTo(50.0);

            ExamSheet other = engine.startExam().startExam(new SessionCommand(w2, s2));
            assertThat(other.answers()).containsExactly(
                    new ExamSheet.SavedChoice(QuestionId.of("q4"), OptionId.of("q4.d"), 1));
            assertThat(storage.sessions().findById(s2).orElseThrow().startedAt()).isEqualTo(STARTED);

            ExamSheet notStarted = engine.startExam().startExam(new SessionCommand(Actor.worker("w3"),
                    SessionId.of("s3")));
            assertThat(notStarted.status()).isEqualTo(SessionStatus.IN_PROGRESS);
            assertThat(notStarted.answers()).isEmpty();
        }
    }

    /** What the first schema's engine had written: one package, one assessment, three sessions, three answers. */
    private static void writeWithFirstSchema(Handle h) {
        h.execute("INSERT INTO packages (id, title) VALUES ('p1', 'Package one')");
        for (int q = 1; q <= 4; q++) {
            h.execute("INSERT INTO questions (package_id, id, position, question_text, weight) VALUES (?, ?, ?, ?, 1)",
                    "p1", "q" + q, q - 1, "Question " + q);
            for (int o = 0; o < 4; o++) {
                h.execute("INSERT INTO options (package_id, question_id, id, position, option_text, correct) "
                                + "VALUES (?, ?, ?, ?, ?, ?)",
                        "p1", "q" + q, "q" + q + "." + (char) ('a' + o), o, "Option " + o, o == (q - 1) % 4);
            }
        }
        h.createUpdate("""
                        INSERT INTO assessments (id, title, category, schedule_date, opens_at, closes_at,
                            duration_minutes, passing_score_percent, grace_seconds, offline_after_seconds,
                            expiry_policy, allow_review, questions_per_page, shuffle_questions, shuffle_options,
                            closed_early_at, version)
                        VALUES ('a1', 'Upgrade day', 'Safety', :date, :opens, NULL, 60, 50, 120, 90,
                            'AUTO_SUBMIT', FALSE, 2, FALSE, FALSE, NULL, 0)
                        """)
                .bind("date", LocalDate.of(2030, 5, 4)).bind("opens", utc(OPENS)).execute();
        h.execute("INSERT INTO assessment_packages (assessment_id, position, package_id) VALUES ('a1', 0, 'p1')");
        for (String w : new String[] {"w1", "w2", "w3"}) {
            h.execute("INSERT INTO participants (id, display_name, employee_number, email) VALUES (?, ?, ?, ?)",
                    w, "Worker " + w, "E-" + w, w + "@example.com");
        }
        Map<String, Integer> answered = Map.of("s1", 2, "s2", 1, "s3", 0);
        for (int n = 1; n <= 3; n++) {
            String id = "s" + n;
            boolean started = n < 3;
            h.createUpdate("""
                            INSERT INTO sessions (id, assessment_id, participant_id, attempt, status, package_id,
                                shuffle_seed, total_questions, answered_count, started_at, completed_at,
                                score_percent, passed, last_seen_at, extra_time_seconds, paused_seconds, paused_at,
                                closed_by, version)
                            VALUES (:id, 'a1', :participant, 1, :status, 'p1', :seed, 4, :answered, :started, NULL,
                                NULL, NULL, :seen, 0, 0, NULL, NULL, :version)
                            """)
                    .bind("id", id).bind("participant", "w" + n)
                    .bind("status", started ? "IN_PROGRESS" : "NOT_STARTED")
                    .bind("seed", 1000L + n).bind("answered", answered.get(id))
                    .bind("started", started ? utc(STARTED) : null)
                    .bind("seen", started ? utc(STARTED.plusSeconds(60)) : null)
                    .bind("version", started ? 3 : 0)
                    .execute();
        }
        saveAnswer(h, "s1", "q1", "q1.a", 3);
        saveAnswer(h, "s1", "q2", "q2.c", 4);
        saveAnswer(h, "s2", "q4", "q4.d", 1);
    }

    private static void saveAnswer(Handle h, String session, String question, String option, long seq) {
        h.createUpdate("INSERT INTO responses (session_id, question_id, option_id, client_seq, saved_at) "
                        + "VALUES (:s, :q, :o, :seq, :at)")
                .bind("s", session).bind("q", question).bind("o", option).bind("seq", seq)
                .bind("at", utc(STARTED.plusSeconds(30))).execute();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
