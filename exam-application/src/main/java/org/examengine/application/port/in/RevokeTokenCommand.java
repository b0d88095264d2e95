package org.examengine.application.port.in;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/** Revoke the token with this id. */
public record RevokeTokenCommand(Actor actor, String tokenId) {

    public RevokeTokenCommand {
        Require.notNull(actor, "actor");
        Require.text(tokenId, "tokenId", 100);
    }
}
