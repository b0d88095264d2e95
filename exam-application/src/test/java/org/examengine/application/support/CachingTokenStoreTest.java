package org.examengine.application.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.examengine.application.inmemory.InMemoryTokenStore;
import org.examengine.application.port.out.TokenStore;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.Test;

class CachingTokenStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    /** A store whose reads can be held after they have read, to let a revocation pass them. */
    private static final class HeldReads implements TokenStore {
        final InMemoryTokenStore stored = new InMemoryTokenStore();
        volatile CountDownLatch readDone = new CountDownLatch(0);
        volatile CountDownLatch release = new CountDownLatch(0);
        int reads;

        @Override
        public void insert(StoredToken token) {
            stored.insert(token);
        }

        @Override
        public Optional<StoredToken> findById(String tokenId) {
            reads++;
            Optional<StoredToken> read = stored.findById(tokenId);
            readDone.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return read;
        }

        @Override
        public boolean revoke(String tokenId, Instant at) {
            return stored.revoke(tokenId, at);
        }
    }

    @Test
    void aReadThatOverlapsARevocationIsNotRememberedSoTheRevocationHoldsAtOnce() throws Exception {
        HeldReads held = new HeldReads();
        CachingTokenStore tokens = new CachingTokenStore(held, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));
        tokens.insert(new TokenStore.StoredToken("t1", "hash", Actor.worker("w-1"), NOW, null, null));

        held.readDone = new CountDownLatch(1);
        held.release = new CountDownLatch(1);
        CompletableFuture<Optional<TokenStore.StoredToken>> overlapping = CompletableFuture.supplyAsync(
                () -> tokens.findById("t1"));
        assertThat(held.readDone.await(5, TimeUnit.SECONDS)).isTrue();
        // The read has the token as it was before the revocation and has not returned yet.
        assertThat(tokens.revoke("t1", NOW)).isTrue();
        held.release.countDown();
        assertThat(overlapping.get(5, TimeUnit.SECONDS).orElseThrow().revokedAt()).isNull();

        assertThat(tokens.findById("t1").orElseThrow().revokedAt()).isEqualTo(NOW);
    }

    @Test
    void aReadWithoutARevocationIsRemembered() {
        HeldReads held = new HeldReads();
        CachingTokenStore tokens = new CachingTokenStore(held, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));
        tokens.insert(new TokenStore.StoredToken("t1", "hash", Actor.worker("w-1"), NOW, null, null));

        tokens.findById("t1");
        tokens.findById("t1");

        assertThat(held.reads).isEqualTo(1);
    }
}
