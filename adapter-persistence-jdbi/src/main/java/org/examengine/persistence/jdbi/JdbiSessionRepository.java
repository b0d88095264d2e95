package org.examengine.persistence.jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.examengine.application.port.out.SessionRepository;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Sessions, one row each. Writes check and bump {@code version}; {@link #findByIdForUpdate} takes a row lock
 * ({@code SELECT ... FOR UPDATE}) that both databases hold until the transaction ends.
 */
final class JdbiSessionRepository implements SessionRepository {

    // In this order in every SELECT, which map reads by position.
    private static final String COLUMNS = """
            id, assessment_id, participant_id, attempt, status, package_id, shuffle_seed, total_questions,
            started_at, completed_at, score_percent, passed, last_page_index, elapsed_seconds, last_seen_at,
            extra_time_seconds, paused_seconds, paused_at, credited_seconds, closed_by, answered_count, version
            """;

    private final JdbiTransactions tx;

    JdbiSessionRepository(JdbiTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertAll(List<ExamSession> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        tx.callGuarded(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO sessions (" + COLUMNS + ") VALUES ("
                    + COLUMNS.replaceAll("(\\w+)", ":$1") + ")");
            for (ExamSession s : sessions) {
                bindFields(batch, s).bind("version", s.version()).add();
            }
            return batch.execute();
        }, failure -> new ExamException(ErrorCode.DUPLICATE_ID,
                "a session id exists, or a participant already has a session in the same assessment"));
    }

    @Override
    public Optional<ExamSession> findById(SessionId id) {
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = :id")
                .bind("id", id.value()).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<ExamSession> findByIdForUpdate(SessionId id) {
        return tx.callLocking(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = :id FOR UPDATE")
                .bind("id", id.value()).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Map<SessionId, ExamSession> findAllById(Collection<SessionId> ids) {
        List<String> values = ids.stream().map(SessionId::value).distinct().toList();
        if (values.isEmpty()) {
            return Map.of();
        }
        Map<SessionId, ExamSession> found = new LinkedHashMap<>();
        // One array parameter, not an IN list of parameters: the statement's text is the same whatever the count,
        // so it is compiled once per connection, and its compiled form stays small. (H2 walks every statement it
        // keeps compiled on a connection whenever a transaction first changes a table, as every save does: lists of
        // up to 64 parameters made that walk a few percent of a save's time.)
        tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = ANY(:ids)")
                .bindArray("ids", String.class, values).map((rs, ctx) -> map(rs))
                .list()).forEach(s -> found.put(s.id(), s));
        return found;
    }

    @Override
    public ExamSession update(ExamSession session) {
        ExamSession stored = session.withVersion(session.version() + 1);
        return tx.writeJournaled(h -> {
            int changed;
            try (PreparedStatement update = h.getConnection().prepareStatement(UPDATE)) {
                setUpdate(update, session);
                changed = update.executeUpdate();
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
            if (changed == 0) {
                throw notUpdated(h, session);
            }
            return stored;
        }, List.of(stored), List.of());
    }

    @Override
    public List<ExamSession> updateAll(List<ExamSession> sessions) {
        if (sessions.size() < 2) {
            return sessions.stream().map(this::update).toList();
        }
        List<ExamSession> stored = sessions.stream().map(s -> s.withVersion(s.version() + 1)).toList();
        return tx.writeJournaled(h -> {
            int[] changed;
            try (PreparedStatement update = h.getConnection().prepareStatement(UPDATE)) {
                for (ExamSession s : sessions) {
                    setUpdate(update, s);
                    update.addBatch();
                }
                changed = update.executeBatch();
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
            for (int i = 0; i < sessions.size(); i++) {
                if (changed[i] == 0) {
                    throw notUpdated(h, sessions.get(i));
                }
            }
            return stored;
        }, stored, List.of());
    }

    /**
     * Puts back sessions as a journal recorded them ({@link JournalReplay}): each row whose stored version is older
     * takes the recorded one's columns and version; a row as new or newer is left as it is.
     *
     * @return how many rows were put back
     */
    int restore(List<ExamSession> recorded) {
        if (recorded.isEmpty()) {
            return 0;
        }
        return tx.write(h -> {
            try (PreparedStatement restore = h.getConnection().prepareStatement(RESTORE)) {
                for (ExamSession s : recorded) {
                    setColumns(restore, s);
                    restore.setLong(19, s.version());
                    restore.setString(20, s.id().value());
                    restore.setLong(21, s.version());
                    restore.addBatch();
                }
                int restored = 0;
                for (int n : restore.executeBatch()) {
                    restored += n;
                }
                return restored;
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    /**
     * Every save writes its session, so the update is bound by position straight on JDBC ({@link #setUpdate}):
     * binding its 20 parameters by name through JDBI was a quarter of what a save allocated on H2.
     */
    private static final String UPDATE = """
            UPDATE sessions SET attempt = ?, status = ?, package_id = ?, shuffle_seed = ?, total_questions = ?,
                started_at = ?, completed_at = ?, score_percent = ?, passed = ?, last_page_index = ?,
                elapsed_seconds = ?, last_seen_at = ?, extra_time_seconds = ?, paused_seconds = ?, paused_at = ?,
                credited_seconds = ?, closed_by = ?, answered_count = ?, version = version + 1
            WHERE id = ? AND version = ?
            """;

    private static final String RESTORE = """
            UPDATE sessions SET attempt = ?, status = ?, package_id = ?, shuffle_seed = ?, total_questions = ?,
                started_at = ?, completed_at = ?, score_percent = ?, passed = ?, last_page_index = ?,
                elapsed_seconds = ?, last_seen_at = ?, extra_time_seconds = ?, paused_seconds = ?, paused_at = ?,
                credited_seconds = ?, closed_by = ?, answered_count = ?, version = ?
            WHERE id = ? AND version < ?
            """;

    private static void setUpdate(PreparedStatement update, ExamSession s) throws SQLException {
        setColumns(update, s);
        update.setString(19, s.id().value());
        update.setLong(20, s.version());
    }

    /** The 18 columns an update sets, as parameters 1-18. */
    private static void setColumns(PreparedStatement update, ExamSession s) throws SQLException {
        update.setInt(1, s.attempt());
        update.setString(2, s.status().name());
        update.setString(3, s.packageId().value());
        update.setLong(4, s.shuffleSeed());
        update.setInt(5, s.totalQuestions());
        Columns.setInstant(update, 6, s.startedAt());
        Columns.setInstant(update, 7, s.completedAt());
        Columns.setNullable(update, 8, s.scorePercent(), Types.DOUBLE);
        Columns.setNullable(update, 9, s.passed(), Types.BOOLEAN);
        Columns.setNullable(update, 10, s.lastPageIndex(), Types.INTEGER);
        Columns.setNullable(update, 11, s.elapsedSeconds(), Types.INTEGER);
        Columns.setInstant(update, 12, s.lastSeenAt());
        update.setLong(13, s.extraTimeSeconds());
        update.setLong(14, s.pausedSeconds());
        Columns.setInstant(update, 15, s.pausedAt());
        update.setLong(16, s.creditedSeconds());
        Columns.setNullable(update, 17, Columns.name(s.closedBy()), Types.VARCHAR);
        update.setInt(18, s.answeredCount());
    }

    /** Why the update of {@code session} changed no row: it is gone, or its version moved on. */
    private static ExamException notUpdated(Handle h, ExamSession session) {
        Optional<Long> stored = h.createQuery("SELECT version FROM sessions WHERE id = :id")
                .bind("id", session.id().value()).mapTo(Long.class).findOne();
        if (stored.isEmpty()) {
            return new ExamException(ErrorCode.SESSION_NOT_FOUND, "session " + session.id() + " not found");
        }
        return new ExamException(ErrorCode.CONCURRENT_UPDATE, "session " + session.id()
                + " changed: version " + stored.get() + ", not " + session.version());
    }

    @Override
    public List<ExamSession> findByAssessment(AssessmentId assessmentId) {
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE assessment_id = :a")
                .bind("a", assessmentId.value()).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<ExamSession> findByStatus(Set<SessionStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE status IN (<statuses>)")
                .bindList("statuses", statuses.stream().map(Enum::name).toList())
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Map<AssessmentId, Map<SessionStatus, Integer>> countByStatus(Collection<AssessmentId> assessmentIds) {
        if (assessmentIds.isEmpty()) {
            return Map.of();
        }
        Map<AssessmentId, Map<SessionStatus, Integer>> counts = new HashMap<>();
        tx.call(h -> h.createQuery("""
                        SELECT assessment_id, status, COUNT(*) AS n FROM sessions
                        WHERE assessment_id IN (<ids>)
                        GROUP BY assessment_id, status
                        """)
                .bindList("ids", assessmentIds.stream().map(AssessmentId::value).distinct().toList())
                .map((rs, ctx) -> counts.computeIfAbsent(AssessmentId.of(rs.getString("assessment_id")),
                                k -> new EnumMap<>(SessionStatus.class))
                        .put(SessionStatus.valueOf(rs.getString("status")), rs.getInt("n")))
                .list());
        return counts;
    }

    private static <S extends SqlStatement<S>> S bindFields(S statement, ExamSession s) {
        return statement.bind("id", s.id().value())
                .bind("assessment_id", s.assessmentId().value())
                .bind("participant_id", s.participantId().value())
                .bind("attempt", s.attempt())
                .bind("status", s.status().name())
                .bind("package_id", s.packageId().value())
                .bind("shuffle_seed", s.shuffleSeed())
                .bind("total_questions", s.totalQuestions())
                .bind("started_at", Columns.instant(s.startedAt()))
                .bind("completed_at", Columns.instant(s.completedAt()))
                .bind("score_percent", s.scorePercent())
                .bind("passed", s.passed())
                .bind("last_page_index", s.lastPageIndex())
                .bind("elapsed_seconds", s.elapsedSeconds())
                .bind("last_seen_at", Columns.instant(s.lastSeenAt()))
                .bind("extra_time_seconds", s.extraTimeSeconds())
                .bind("paused_seconds", s.pausedSeconds())
                .bind("paused_at", Columns.instant(s.pausedAt()))
                .bind("credited_seconds", s.creditedSeconds())
                .bind("closed_by", Columns.name(s.closedBy()))
                .bind("answered_count", s.answeredCount());
    }

    /**
     * Reads a row of {@code SELECT COLUMNS ...} by position: H2 looks a column up by name afresh on every call,
     * which was an eighth of a monitoring read of 1,000 sessions.
     */
    private static ExamSession map(ResultSet rs) throws SQLException {
        Long credited = Columns.nullableLong(rs, 19);
        return new ExamSession(
                SessionId.of(rs.getString(1)),
                AssessmentId.of(rs.getString(2)),
                ParticipantId.of(rs.getString(3)),
                rs.getInt(4),
                SessionStatus.valueOf(rs.getString(5)),
                PackageId.of(rs.getString(6)),
                rs.getLong(7),
                rs.getInt(8),
                Columns.instant(rs, 9),
                Columns.instant(rs, 10),
                Columns.nullableDouble(rs, 11),
                Columns.nullableBoolean(rs, 12),
                // Null for sessions stored before these columns existed; the domain reads null as 0.
                Columns.nullableInt(rs, 13),
                Columns.nullableInt(rs, 14),
                Columns.instant(rs, 15),
                rs.getLong(16),
                rs.getLong(17),
                Columns.instant(rs, 18),
                credited == null ? 0 : credited,
                Columns.enumValue(rs, 20, ClosedBy.class),
                rs.getInt(21),
                rs.getLong(22));
    }
}
