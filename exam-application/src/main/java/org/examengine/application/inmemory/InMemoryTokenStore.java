package org.examengine.application.inmemory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.examengine.application.port.out.TokenStore;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/** Tokens in memory. Thread-safe. */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, StoredToken> tokens = new ConcurrentHashMap<>();

    @Override
    public void insert(StoredToken token) {
        if (tokens.putIfAbsent(token.tokenId(), token) != null) {
            throw new ExamException(ErrorCode.DUPLICATE_ID, "token " + token.tokenId() + " exists");
        }
    }

    @Override
    public Optional<StoredToken> findById(String tokenId) {
        return Optional.ofNullable(tokens.get(tokenId));
    }

    @Override
    public boolean revoke(String tokenId, Instant at) {
        boolean[] changed = {false};
        tokens.computeIfPresent(tokenId, (id, t) -> {
            if (t.revokedAt() != null) {
                return t;
            }
            changed[0] = true;
            return new StoredToken(t.tokenId(), t.secretHash(), t.subject(), t.issuedAt(), t.expiresAt(), at);
        });
        return changed[0];
    }
}
