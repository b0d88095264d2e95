package org.examengine.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.examengine.application.port.out.TokenStore;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Role;

/** Access tokens in the {@code access_tokens} table; each call commits on its own unless a transaction runs. */
final class JdbiTokenStore implements TokenStore {

    private final JdbiTransactions tx;

    JdbiTokenStore(JdbiTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(StoredToken token) {
        tx.callGuarded(h -> h.createUpdate("""
                        INSERT INTO access_tokens (id, secret_hash, subject_id, subject_role, issued_at, expires_at,
                                                   revoked_at)
                        VALUES (:id, :hash, :subject, :role, :issued, :expires, :revoked)
                        """)
                .bind("id", token.tokenId())
                .bind("hash", token.secretHash())
                .bind("subject", token.subject().id())
                .bind("role", token.subject().role().name())
                .bind("issued", Columns.instant(token.issuedAt()))
                .bind("expires", Columns.instant(token.expiresAt()))
                .bind("revoked", Columns.instant(token.revokedAt()))
                .execute(), e -> new ExamException(ErrorCode.DUPLICATE_ID, "token " + token.tokenId() + " exists"));
    }

    @Override
    public Optional<StoredToken> findById(String tokenId) {
        return tx.call(h -> h.createQuery("""
                        SELECT id, secret_hash, subject_id, subject_role, issued_at, expires_at, revoked_at
                        FROM access_tokens WHERE id = :id
                        """)
                .bind("id", tokenId).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean revoke(String tokenId, Instant at) {
        return tx.write(h -> h.createUpdate(
                        "UPDATE access_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("at", Columns.instant(at)).bind("id", tokenId).execute()) == 1;
    }

    private static StoredToken map(ResultSet rs) throws SQLException {
        return new StoredToken(rs.getString("id"), rs.getString("secret_hash"),
                new Actor(rs.getString("subject_id"), Role.valueOf(rs.getString("subject_role"))),
                Columns.instant(rs, "issued_at"), Columns.instant(rs, "expires_at"),
                Columns.instant(rs, "revoked_at"));
    }
}
