package org.examengine.persistence.jpa;

import java.time.Instant;
import java.util.Optional;

import org.examengine.application.port.out.TokenStore;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * Access tokens in {@code access_tokens}. Each call is a transaction of its own, or joins the one bound to
 * the thread. Revoking is one conditional bulk update, so no token entity is kept in the persistence context.
 */
final class JpaTokenStore implements TokenStore {

    private final JpaTransactions tx;

    JpaTokenStore(JpaTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(StoredToken token) {
        tx.call(em -> {
            AccessTokenEntity entity = AccessTokenEntity.of(token);
            em.persist(entity);
            em.flush();
            em.detach(entity);
            return null;
        }, failure -> new ExamException(ErrorCode.DUPLICATE_ID, "token " + token.tokenId() + " exists"));
    }

    @Override
    public Optional<StoredToken> findById(String tokenId) {
        return tx.call(em -> {
            AccessTokenEntity entity = JpaTransactions.find(em, AccessTokenEntity.class, tokenId, null);
            if (entity == null) {
                return Optional.empty();
            }
            em.detach(entity);
            return Optional.of(entity.toDomain());
        });
    }

    @Override
    public boolean revoke(String tokenId, Instant at) {
        int changed = tx.call(em -> em.createQuery(
                        "update AccessTokenEntity t set t.revokedAt = :at where t.id = :id and t.revokedAt is null")
                .setParameter("at", Columns.micros(at))
                .setParameter("id", tokenId)
                .executeUpdate());
        return changed == 1;
    }
}
