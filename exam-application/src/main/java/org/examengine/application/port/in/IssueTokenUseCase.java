package org.examengine.application.port.in;

/**
 * IssueToken (ADMIN): a random bearer token of 256 secret bits for a worker, HC or admin.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code INVALID_INPUT}.
 */
public interface IssueTokenUseCase {

    IssuedToken issueToken(IssueTokenCommand command);
}
