package org.examengine.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.examengine.application.port.out.AttemptHistoryRepository;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Previous attempts and their responses, append-only; the order of appends is the identity column's. */
final class JdbiAttemptHistoryRepository implements AttemptHistoryRepository {

    private final JdbiTransactions tx;

    JdbiAttemptHistoryRepository(JdbiTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(AttemptRecord attempt) {
        tx.callGuarded(h -> {
            long id = h.createUpdate("""
                            INSERT INTO attempts (session_id, attempt, package_id, status, closed_by, started_at,
                                completed_at, score_percent, passed, archived_at)
                            VALUES (:session_id, :attempt, :package_id, :status, :closed_by, :started_at,
                                :completed_at, :score_percent, :passed, :archived_at)
                            """)
                    .bind("session_id", attempt.sessionId().value())
                    .bind("attempt", attempt.attempt())
                    .bind("package_id", attempt.packageId().value())
                    .bind("status", attempt.status().name())
                    .bind("closed_by", Columns.name(attempt.closedBy()))
                    .bind("started_at", Columns.instant(attempt.startedAt()))
                    .bind("completed_at", Columns.instant(attempt.completedAt()))
                    .bind("score_percent", attempt.scorePercent())
                    .bind("passed", attempt.passed())
                    .bind("archived_at", Columns.instant(attempt.archivedAt()))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            if (!attempt.responses().isEmpty()) {
                PreparedBatch batch = h.prepareBatch("""
                        INSERT INTO attempt_responses (attempt_id, position, session_id, question_id, option_id,
                            client_seq, saved_at)
                        VALUES (:attempt_id, :position, :session_id, :question_id, :option_id, :client_seq, :saved_at)
                        """);
                for (int i = 0; i < attempt.responses().size(); i++) {
                    Response r = attempt.responses().get(i);
                    batch.bind("attempt_id", id).bind("position", i)
                            .bind("session_id", r.sessionId().value())
                            .bind("question_id", r.questionId().value())
                            .bind("option_id", r.optionId() == null ? null : r.optionId().value())
                            .bind("client_seq", r.clientSeq())
                            .bind("saved_at", Columns.instant(r.savedAt()))
                            .add();
                }
                batch.execute();
            }
            return id;
        }, SqlErrors::duplicateId);
    }

    @Override
    public List<AttemptRecord> findBySession(SessionId sessionId) {
        return tx.call(h -> {
            Map<Long, Attempt> attempts = new LinkedHashMap<>();
            h.createQuery("""
                            SELECT a.id, a.session_id AS attempt_session_id, a.attempt, a.package_id, a.status,
                                   a.closed_by, a.started_at, a.completed_at, a.score_percent, a.passed,
                                   a.archived_at, r.position, r.session_id, r.question_id, r.option_id,
                                   r.client_seq, r.saved_at
                            FROM attempts a
                            LEFT JOIN attempt_responses r ON r.attempt_id = a.id
                            WHERE a.session_id = :s
                            ORDER BY a.id, r.position
                            """)
                    .bind("s", sessionId.value())
                    .map((rs, ctx) -> {
                        Attempt a = attempts.get(rs.getLong("id"));
                        if (a == null) {
                            a = new Attempt(rs);
                            attempts.put(rs.getLong("id"), a);
                        }
                        if (Columns.nullableInt(rs, "position") != null) {
                            a.responses.add(JdbiResponseRepository.map(rs));
                        }
                        return a;
                    })
                    .list();
            return attempts.values().stream().map(Attempt::toRecord).toList();
        });
    }

    /** The attempt columns of a joined row, collecting its responses from the following rows. */
    private static final class Attempt {
        final SessionId sessionId;
        final int attempt;
        final PackageId packageId;
        final SessionStatus status;
        final ClosedBy closedBy;
        final Instant startedAt;
        final Instant completedAt;
        final Double scorePercent;
        final Boolean passed;
        final Instant archivedAt;
        final List<Response> responses = new ArrayList<>();

        Attempt(ResultSet rs) throws SQLException {
            sessionId = SessionId.of(rs.getString("attempt_session_id"));
            attempt = rs.getInt("attempt");
            packageId = PackageId.of(rs.getString("package_id"));
            status = SessionStatus.valueOf(rs.getString("status"));
            closedBy = Columns.enumValue(rs, "closed_by", ClosedBy.class);
            startedAt = Columns.instant(rs, "started_at");
            completedAt = Columns.instant(rs, "completed_at");
            scorePercent = Columns.nullableDouble(rs, "score_percent");
            passed = Columns.nullableBoolean(rs, "passed");
            archivedAt = Columns.instant(rs, "archived_at");
        }

        AttemptRecord toRecord() {
            return new AttemptRecord(sessionId, attempt, packageId, status, closedBy, startedAt, completedAt,
                    scorePercent, passed, responses, archivedAt);
        }
    }
}
