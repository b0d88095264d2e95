package org.examengine.application.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import org.examengine.application.port.out.IdentityProvider;
import org.examengine.application.port.out.TokenStore;
import org.examengine.domain.shared.Actor;

/**
 * The default identity: bearer tokens {@code <tokenId>.<secret>} checked against a {@link TokenStore} that
 * holds only SHA-256 hashes of the secrets. Unknown, malformed, expired and revoked tokens all authenticate
 * as nobody; the comparison of hashes takes constant time.
 */
public final class TokenIdentityProvider implements IdentityProvider {

    private final TokenStore tokens;
    private final Clock clock;

    public TokenIdentityProvider(TokenStore tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Optional<Actor> authenticate(String credential) {
        if (credential == null) {
            return Optional.empty();
        }
        int dot = credential.indexOf('.');
        if (dot <= 0 || dot == credential.length() - 1 || credential.length() > 512) {
            return Optional.empty();
        }
        String id = credential.substring(0, dot);
        byte[] presented = sha256(credential.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII);
        return tokens.findById(id)
                .filter(t -> MessageDigest.isEqual(presented, t.secretHash().getBytes(StandardCharsets.US_ASCII)))
                .filter(t -> t.revokedAt() == null)
                .filter(t -> t.expiresAt() == null || clock.instant().isBefore(t.expiresAt()))
                .map(TokenStore.StoredToken::subject);
    }

    /** Lowercase hex SHA-256 of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
