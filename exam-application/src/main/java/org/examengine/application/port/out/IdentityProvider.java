package org.examengine.application.port.out;

import java.util.Optional;

import org.examengine.domain.shared.Actor;

/**
 * Turns a credential (a bearer token, a session cookie value, a host application's principal name) into
 * an actor. Host applications plug in their own; the server ships a token-based one.
 */
public interface IdentityProvider {

    /** The actor, or empty when the credential is unknown, expired or revoked. Never throws for bad input. */
    Optional<Actor> authenticate(String credential);
}
