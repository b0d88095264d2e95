package org.examengine.application.port.in;

import java.time.Instant;

import org.examengine.domain.shared.Actor;

/**
 * A new token. {@code token} is the bearer credential ({@code <tokenId>.<secret>}); it is shown once and
 * cannot be recovered later.
 *
 * @param expiresAt null when the token does not expire
 */
public record IssuedToken(String tokenId, String token, Actor subject, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[" + tokenId + " for " + subject + "]";
    }
}
