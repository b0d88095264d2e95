package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * Authenticate: turns a credential into an actor through the identity port.
 *
 * <p>Codes: {@code UNAUTHENTICATED} when the credential is missing, unknown, expired or revoked.
 */
public interface AuthenticateUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    org.examengine.domain.shared.Actor authenticate(CredentialCommand command);
}
