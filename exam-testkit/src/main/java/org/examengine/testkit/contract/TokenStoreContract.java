package org.examengine.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.testkit.StorageFixtures.T0;

import org.examengine.application.port.out.TokenStore;
import org.examengine.application.port.out.TokenStore.StoredToken;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token store contract: every adapter extends this class with a fresh, empty store. */
public abstract class TokenStoreContract {

    private static final String HASH = "a".repeat(64);

    protected TokenStore tokens;

    /** A new token store with no tokens, called before every test. */
    protected abstract TokenStore createTokenStore();

    @BeforeEach
    void setUpTokens() {
        tokens = createTokenStore();
    }

    @Test
    void aTokenComesBackWithItsSubjectAndTimes() {
        StoredToken forever = new StoredToken("t1", HASH, Actor.worker("w-1"), T0, null, null);
        StoredToken expiring = new StoredToken("t2", "b".repeat(64), Actor.hc("hc-1"), T0, T0.plusSeconds(3_600), null);
        tokens.insert(forever);
        tokens.insert(expiring);
        assertThat(tokens.findById("t1")).contains(forever);
        assertThat(tokens.findById("t2")).contains(expiring);
        assertThat(tokens.findById("t3")).isEmpty();
    }

    @Test
    void aTokenIdIsUnique() {
        tokens.insert(new StoredToken("t1", HASH, Actor.worker("w-1"), T0, null, null));
        assertThatThrownBy(() -> tokens.insert(new StoredToken("t1", HASH, Actor.admin("root"), T0, null, null)))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.DUPLICATE_ID);
        assertThat(tokens.findById("t1").orElseThrow().subject()).isEqualTo(Actor.worker("w-1"));
    }

    @Test
    void revokingHappensOnce() {
        tokens.insert(new StoredToken("t1", HASH, Actor.admin("root"), T0, null, null));
        assertThat(tokens.revoke("t1", T0.plusSeconds(5))).isTrue();
        assertThat(tokens.revoke("t1", T0.plusSeconds(9))).isFalse();
        assertThat(tokens.revoke("unknown", T0)).isFalse();
        assertThat(tokens.findById("t1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
    }
}
