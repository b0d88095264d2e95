package org.examengine.application.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.examengine.application.port.out.TokenStore;

/**
 * A {@link TokenStore} that remembers the tokens it has read for a short while, so that a worker's saves do not
 * each read their token from storage. A revocation made through this store takes effect at once; one made
 * through another store on the same storage (another server node) once the remembered copy is older than the
 * time to live. Expiry needs no refresh: the stored expiry instant travels with the remembered copy.
 */
public final class CachingTokenStore implements TokenStore {

    /** How many tokens are remembered at most; past it the memory starts over. */
    static final int MAX_ENTRIES = 100_000;

    private final TokenStore delegate;
    private final Clock clock;
    private final Duration timeToLive;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    // Counts revocations through this store, so that a read overlapping one does not remember what it read.
    private final AtomicLong revocations = new AtomicLong();

    private record Entry(StoredToken token, Instant readAt) {
    }

    /**
     * @param timeToLive how long a token read from {@code delegate} is used without reading it again; positive
     */
    public CachingTokenStore(TokenStore delegate, Clock clock, Duration timeToLive) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive, was " + timeToLive);
        }
    }

    @Override
    public void insert(StoredToken token) {
        delegate.insert(token);
    }

    @Override
    public Optional<StoredToken> findById(String tokenId) {
        Instant now = clock.instant();
        Entry entry = entries.get(tokenId);
        if (entry != null && now.isBefore(entry.readAt().plus(timeToLive))) {
            return Optional.of(entry.token());
        }
        long revokedBefore = revocations.get();
        Optional<StoredToken> read = delegate.findById(tokenId);
        // A revocation that ran while this read did may have been read around: such a copy is not remembered.
        if (read.isPresent() && revocations.get() != revokedBefore) {
            return read;
        }
        if (read.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(tokenId, new Entry(read.get(), now));
        } else {
            entries.remove(tokenId);
        }
        return read;
    }

    @Override
    public boolean revoke(String tokenId, Instant at) {
        entries.remove(tokenId);
        try {
            return delegate.revoke(tokenId, at);
        } finally {
            revocations.incrementAndGet();
            entries.remove(tokenId);
        }
    }
}
