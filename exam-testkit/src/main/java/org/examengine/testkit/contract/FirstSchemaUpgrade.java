package org.examengine.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.examengine.application.port.out.ExamStorage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;

/**
 * An upgrade with workers in the middle of an exam, for every storage adapter on the engine's schema: a database
 * at the first schema version gets the rows the first engine wrote ({@link #writeWithFirstSchema}), the adapter
 * migrates it to the latest version, and {@link #workersResumeSaveAndSubmit} checks through the engine that the
 * workers resume where they were, save and submit, and that nothing they saved is lost.
 */
public final class FirstSchemaUpgrade {

    private static final Instant OPENS = Instant.parse("2030-05-04T08:00:00Z");
    private static final Instant STARTED = OPENS.plusSeconds(120).plusNanos(654_321_000);

    private FirstSchemaUpgrade() {
    }

    /**
     * What the first schema's engine had written: one package of four questions, one assessment, three workers
     * (two in progress with three answers between them, one not started).
     */
    public static void writeWithFirstSchema(Connection c) throws SQLException {
        update(c, "INSERT INTO packages (id, title) VALUES ('p1', 'Package one')");
        for (int q = 1; q <= 4; q++) {
            update(c, "INSERT INTO questions (package_id, id, position, question_text, weight) VALUES (?, ?, ?, ?, 1)",
                    "p1", "q" + q, q - 1, "Question " + q);
            for (int o = 0; o < 4; o++) {
                update(c, "INSERT INTO options (package_id, question_id, id, position, option_text, correct) "
                                + "VALUES (?, ?, ?, ?, ?, ?)",
                        "p1", "q" + q, "q" + q + "." + (char) ('a' + o), o, "Option " + o, o == (q - 1) % 4);
            }
        }
        update(c, """
                        INSERT INTO assessments (id, title, category, schedule_date, opens_at, closes_at,
                            duration_minutes, passing_score_percent, grace_seconds, offline_after_seconds,
                            expiry_policy, allow_review, questions_per_page, shuffle_questions, shuffle_options,
                            closed_early_at, version)
                        VALUES ('a1', 'Upgrade day', 'Safety', ?, ?, NULL, 60, 50, 120, 90,
                            'AUTO_SUBMIT', FALSE, 2, FALSE, FALSE, NULL, 0)
                        """,
                LocalDate.of(2030, 5, 4), utc(OPENS));
        update(c, "INSERT INTO assessment_packages (assessment_id, position, package_id) VALUES ('a1', 0, 'p1')");
        for (String w : new String[] {"w1", "w2", "w3"}) {
            update(c, "INSERT INTO participants (id, display_name, employee_number, email) VALUES (?, ?, ?, ?)",
                    w, "Worker " + w, "E-" + w, w + "@example.com");
        }
        Map<String, Integer> answered = Map.of("s1", 2, "s2", 1, "s3", 0);
        for (int n = 1; n <= 3; n++) {
            String id = "s" + n;
            boolean started = n < 3;
            update(c, """
                            INSERT INTO sessions (id, assessment_id, participant_id, attempt, status, package_id,
                                shuffle_seed, total_questions, answered_count, started_at, completed_at,
                                score_percent, passed, last_seen_at, extra_time_seconds, paused_seconds, paused_at,
                                closed_by, version)
                            VALUES (?, 'a1', ?, 1, ?, 'p1', ?, 4, ?, ?, NULL, NULL, NULL, ?, 0, 0, NULL, NULL, ?)
                            """,
                    id, "w" + n, started ? "IN_PROGRESS" : "NOT_STARTED", 1000L + n, answered.get(id),
                    started ? utc(STARTED) : null, started ? utc(STARTED.plusSeconds(60)) : null, started ? 3 : 0);
        }
        saveAnswer(c, "s1", "q1", "q1.a", 3);
        saveAnswer(c, "s1", "q2", "q2.c", 4);
        saveAnswer(c, "s2", "q4", "q4.d", 1);
    }

    /** Resumes, saves and submits on the migrated database through the engine, checking what the workers see. */
    public static void workersResumeSaveAndSubmit(ExamStorage storage) {
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

    private static void saveAnswer(Connection c, String session, String question, String option, long seq)
            throws SQLException {
        update(c, "INSERT INTO responses (session_id, question_id, option_id, client_seq, saved_at) "
                + "VALUES (?, ?, ?, ?, ?)", session, question, option, seq, utc(STARTED.plusSeconds(30)));
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
