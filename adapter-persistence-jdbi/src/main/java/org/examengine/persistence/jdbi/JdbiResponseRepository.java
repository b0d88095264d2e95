package org.examengine.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.examengine.application.port.out.ResponseRepository;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

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
     * One statement of exact primary-key lookups, {@code (session_id, question_id) IN ((...), ...)}, which both
     * databases answer from the key's index. The list is padded as {@link InLists} explains.
     */
    @Override
    public List<Response> findAll(Collection<Key> keys) {
        List<Key> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return List.of();
        }
        int size = InLists.paddedSize(distinct.size());
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM responses WHERE (session_id, question_id) IN (");
        for (int i = 0; i < size; i++) {
            sql.append(i == 0 ? "" : ", ").append("(:s").append(i).append(", :q").append(i).append(')');
        }
        sql.append(')');
        return tx.call(h -> {
            Query query = h.createQuery(sql.toString());
            for (int i = 0; i < size; i++) {
                Key key = distinct.get(Math.min(i, distinct.size() - 1));
                query.bind("s" + i, key.sessionId().value()).bind("q" + i, key.questionId().value());
            }
            return query.map((rs, ctx) -> map(rs)).list();
        });
    }

    @Override
    public void upsert(Response response) {
        Upserts.run(tx, dialect, h -> bind(h.createUpdate(dialect.upsertResponse()), response).execute());
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
        tx.write(h -> {
            PreparedBatch batch = h.prepareBatch(dialect.upsertResponse());
            responses.forEach(r -> bind(batch, r).add());
            try {
                return batch.execute().length;
            } catch (RuntimeException e) {
                if (!dialect.upsertMayCollide()) {
                    throw e;
                }
                for (Response r : responses) {
                    Upserts.retrying(h, handle -> bind(handle.createUpdate(dialect.upsertResponse()), r).execute());
                }
                return responses.size();
            }
        });
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Response response) {
        return statement.bind("session_id", response.sessionId().value())
                .bind("question_id", response.questionId().value())
                .bind("option_id", response.optionId() == null ? null : response.optionId().value())
                .bind("client_seq", response.clientSeq())
                .bind("saved_at", Columns.instant(response.savedAt()));
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
