package org.examengine.application.service;

import org.examengine.application.port.in.AuthenticateUseCase;
import org.examengine.application.port.in.CredentialCommand;
import org.examengine.application.port.out.IdentityProvider;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/** Authentication through the identity port. */
public final class AuthenticationService implements AuthenticateUseCase {

    private final IdentityProvider identity;

    AuthenticationService(IdentityProvider identity) {
        this.identity = identity;
    }

    @Override
    public Actor authenticate(CredentialCommand command) {
        String credential = command.credential();
        if (credential == null || credential.isBlank() || credential.length() > 4_096) {
            throw new ExamException(ErrorCode.UNAUTHENTICATED, "a credential is required");
        }
        return identity.authenticate(credential)
                .orElseThrow(() -> new ExamException(ErrorCode.UNAUTHENTICATED, "unknown or expired credential"));
    }
}
