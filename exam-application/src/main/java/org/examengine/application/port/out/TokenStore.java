package org.examengine.application.port.out;

import java.time.Instant;
import java.util.Optional;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;

/**
 * Storage of access tokens. Only a hash of each token's secret is stored, never the secret itself.
 * Thread-safe; each call is its own unit of work.
 */
public interface TokenStore {

    /**
     * A stored token.
     *
     * @param secretHash lowercase hex SHA-256 of the secret
     * @param expiresAt  null for a token that does not expire
     * @param revokedAt  null while not revoked
     */
    record StoredToken(String tokenId, String secretHash, Actor subject, Instant issuedAt, Instant expiresAt,
                       Instant revokedAt) {
    }

    /** @throws ExamException {@code DUPLICATE_ID} when the token id exists */
    void insert(StoredToken token);

    Optional<StoredToken> findById(String tokenId);

    /** Marks the token revoked at {@code at}; returns false when it does not exist or was already revoked. */
    boolean revoke(String tokenId, Instant at);
}
