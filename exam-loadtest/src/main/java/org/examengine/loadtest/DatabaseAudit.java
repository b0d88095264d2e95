package org.examengine.loadtest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The check after the run, made directly on the server's database (its H2 file or its PostgreSQL database) once the
 * server has stopped, with SQL of its own rather than the engine's code:
 * <ul>
 * <li><b>no lost answer</b>: for every save the server acknowledged, the stored response of that session and
 * question has a {@code client_seq} at least as high as the acknowledged one;</li>
 * <li><b>no duplicate</b>: at most one response per session and question;</li>
 * <li><b>consistent progress</b>: each session's {@code answered_count} equals its stored responses with an
 * option;</li>
 * <li><b>consistent grades</b>: each Completed session's score equals 100 x the weight of its correctly answered
 * stored responses / the package's total weight (rounded half-up to two decimals), its pass flag matches the
 * assessment's passing score, and the score its worker was answered on submit equals the stored one.</li>
 * </ul>
 */
final class DatabaseAudit {

    /** The outcome; {@link #passed()} when every count of a problem is 0 and something was checked. */
    record Result(long acknowledged, long lost, long duplicates, long sessions, long progressMismatches,
                  long graded, long gradeMismatches, long submitMismatches, List<String> examples) {

        boolean passed() {
            return acknowledged > 0 && graded > 0 && lost == 0 && duplicates == 0 && progressMismatches == 0
                    && gradeMismatches == 0 && submitMismatches == 0;
        }
    }

    private DatabaseAudit() {
    }

    /**
     * The H2 URL settings of the engine ({@code JdbiExamStorage.h2File}) that a handler's statements see (lock
     * timeout, statement cache), which the baseline shares. The engine also turns H2's background writer off
     * ({@code WRITE_DELAY}), as it writes the file itself; the baseline, which does not, leaves it on.
     */
    static final String ENGINE_H2_SETTINGS = ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64";

    /** The JDBC URL of the engine's H2 database in {@code directory}, with the engine's settings. */
    static String h2Url(Path directory) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("exam-engine") + ENGINE_H2_SETTINGS;
    }

    static Result run(RunDatabase database, List<String> assessmentIds, Acknowledgements acks,
                      Map<String, Double> submittedScores) {
        List<String> examples = new ArrayList<>();
        try (Connection c = database.connectToEngine()) {
            Map<String, Long> stored = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT session_id, question_id, client_seq FROM responses")) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
                }
            }
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong lost = new AtomicLong();
            acks.forEach((session, q, seq) -> {
                acknowledged.incrementAndGet();
                Long have = stored.get(session + "|" + ExamFixture.question(q));
                if (have == null || have < seq) {
                    lost.incrementAndGet();
                    note(examples, "lost: session " + session + " question q" + q + " acknowledged clientSeq " + seq
                            + ", stored " + have);
                }
            });
            long duplicates;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (SELECT session_id, question_id FROM responses "
                         + "GROUP BY session_id, question_id HAVING COUNT(*) > 1) d")) {
                rs.next();
                duplicates = rs.getLong(1);
            }
            long sessions = 0;
            long progressMismatches = 0;
            long graded = 0;
            long gradeMismatches = 0;
            long submitMismatches = 0;
            String sql = """
                    SELECT s.id, s.status, s.answered_count, s.score_percent, s.passed, a.passing_score_percent,
                      (SELECT COUNT(*) FROM responses r WHERE r.session_id = s.id AND r.option_id IS NOT NULL) answered,
                      (SELECT COALESCE(SUM(q.weight), 0) FROM responses r
                         JOIN options o ON o.package_id = s.package_id AND o.question_id = r.question_id
                                       AND o.id = r.option_id AND o.correct
                         JOIN questions q ON q.package_id = s.package_id AND q.id = r.question_id
                       WHERE r.session_id = s.id) correct_weight,
                      (SELECT SUM(q.weight) FROM questions q WHERE q.package_id = s.package_id) total_weight
                    FROM sessions s JOIN assessments a ON a.id = s.assessment_id
                    WHERE s.assessment_id = ?""";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (String assessment : assessmentIds) {
                    ps.setString(1, assessment);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sessions++;
                            String id = rs.getString("id");
                            if (rs.getInt("answered_count") != rs.getInt("answered")) {
                                progressMismatches++;
                                note(examples, "progress: session " + id + " answered_count "
                                        + rs.getInt("answered_count") + ", responses " + rs.getInt("answered"));
                            }
                            if (!"COMPLETED".equals(rs.getString("status"))) {
                                continue;
                            }
                            graded++;
                            long correct = rs.getLong("correct_weight");
                            long totalWeight = rs.getLong("total_weight");
                            double expected = BigDecimal.valueOf(correct * 100)
                                    .divide(BigDecimal.valueOf(totalWeight), 2, RoundingMode.HALF_UP).doubleValue();
                            boolean expectedPass = correct * 100 >= rs.getLong("passing_score_percent") * totalWeight;
                            double score = rs.getDouble("score_percent");
                            boolean scoreMissing = rs.wasNull();
                            boolean passed = rs.getBoolean("passed");
                            if (scoreMissing || Math.abs(score - expected) > 1e-9 || passed != expectedPass) {
                                gradeMismatches++;
                                note(examples, "grade: session " + id + " stored " + score + "/" + passed
                                        + ", regraded " + expected + "/" + expectedPass);
                            }
                            Double answered = submittedScores.get(id);
                            if (answered != null && Math.abs(answered - score) > 1e-9) {
                                submitMismatches++;
                                note(examples, "submit: session " + id + " answered " + answered + ", stored " + score);
                            }
                        }
                    }
                }
            }
            return new Result(acknowledged.get(), lost.get(), duplicates, sessions, progressMismatches, graded,
                    gradeMismatches, submitMismatches, List.copyOf(examples));
        } catch (SQLException e) {
            throw new IllegalStateException("the audit could not read the database: " + e.getMessage(), e);
        }
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < 10) {
            examples.add(example);
        }
    }
}
