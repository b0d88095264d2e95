package org.examengine.application.port.in;

/**
 * RevokeToken (ADMIN): the token stops authenticating at once.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code INVALID_INPUT} when no such active token exists.
 */
public interface RevokeTokenUseCase {

    void revokeToken(RevokeTokenCommand command);
}
