package org.examengine.persistence.jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.examengine.application.port.out.ResponseRepository;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Responses, at most one per (session, question) by the table's primary key. The upsert is one statement of
 * the dialect that replaces a stored response only when its {@code client_seq} is lower.
 */
final class JdbiResponseRepository implements ResponseRepository {

    private static final String COLUMNS = "session_id, question_id, option_id, client_seq, saved_at";

    private final JdbiTransactions tx;
    private final Dialect dialect;

    JdbiResponseRepository(JdbiTransactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    @Override
    public Optional<Response> find(SessionId sessionId, QuestionId questionId) {
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM responses WHERE session_id = :s AND question_id = :q")
                .bind("s", sessionId.value()).bind("q", questionId.value())
                .map((rs, ctx) -> map(rs)).findOne());
    }

    /**
     * One statement of exact primary-key lookups: the keys as two arrays, {@code UNNEST}ed into rows and joined to
     * the table, which both databases answer from the key's index.
     */
    @Override
    public List<Response> findAll(Collection<Key> keys) {
        List<Key> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return List.of();
        }
        // As in JdbiSessionRepository.findAllById, one small statement whatever the count.
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM UNNEST(:sessions, :questions) AS k(s, q) "
                        + "JOIN responses ON session_id = k.s AND question_id = k.q")
                .bindArray("sessions", String.class, distinct.stream().map(k -> k.sessionId().value()).toList())
                .bindArray("questions", String.class, distinct.stream().map(k -> k.questionId().value()).toList())
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public void upsert(Response response) {
        Upserts.run(tx, dialect, h -> upsertOne(h, response), response);
    }

    /**
     * One batch of upserts. Where the dialect's upsert may lose an insert race to another transaction (H2) and the
     * batch does, each response is upserted again on its own with the retry of {@link #upsert}: an upsert
     * repeated with the same {@code clientSeq} changes nothing, so the ones the batch did apply stay as they are.
     */
    @Override
    public void upsertAll(List<Response> responses) {
        if (responses.size() < 2) {
            responses.forEach(this::upsert);
            return;
        }
        tx.writeJournaled(h -> {
            try {
                return upsertBatch(h, responses);
            } catch (RuntimeException e) {
                if (!dialect.upsertMayCollide()) {
                    throw e;
                }
                for (Response r : responses) {
                    Upserts.retrying(h, handle -> upsertOne(handle, r));
                }
                return responses.size();
            }
        }, List.of(), responses);
    }

    // Every save upserts its response: bound by position straight on JDBC, as the session's update is.
    private int upsertOne(Handle h, Response response) {
        try (PreparedStatement upsert = h.getConnection().prepareStatement(dialect.upsertResponseByPosition())) {
            set(upsert, response);
            return upsert.executeUpdate();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private int upsertBatch(Handle h, List<Response> responses) {
        try (PreparedStatement upsert = h.getConnection().prepareStatement(dialect.upsertResponseByPosition())) {
            for (Response r : responses) {
                set(upsert, r);
                upsert.addBatch();
            }
            return upsert.executeBatch().length;
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** The parameters in the order of {@link PositionalSql#UPSERT_RESPONSE_PARAMETERS}. */
    private static void set(PreparedStatement upsert, Response response) throws SQLException {
        upsert.setString(1, response.sessionId().value());
        upsert.setString(2, response.questionId().value());
        String option = response.optionId() == null ? null : response.optionId().value();
        Columns.setNullable(upsert, 3, option, Types.VARCHAR);
        upsert.setLong(4, response.clientSeq());
        Columns.setInstant(upsert, 5, response.savedAt());
    }

    @Override
    public List<Response> findBySession(SessionId sessionId) {
        return tx.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM responses WHERE session_id = :s")
                .bind("s", sessionId.value()).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public void deleteBySession(SessionId sessionId) {
        tx.write(h -> h.createUpdate("DELETE FROM responses WHERE session_id = :s")
                .bind("s", sessionId.value()).execute());
    }

    static Response map(ResultSet rs) throws SQLException {
        String option = rs.getString("option_id");
        return new Response(SessionId.of(rs.getString("session_id")), QuestionId.of(rs.getString("question_id")),
                option == null ? null : OptionId.of(option), rs.getLong("client_seq"),
                Columns.instant(rs, "saved_at"));
    }
}
