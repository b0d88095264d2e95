package org.examengine.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssueTokenUseCase;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.application.port.in.RevokeTokenUseCase;
import org.examengine.application.port.out.AuditLog;
import org.examengine.application.port.out.RandomSource;
import org.examengine.application.port.out.TokenStore;
import org.examengine.application.support.TokenIdentityProvider;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * Issues and revokes bearer tokens; secrets come from the random source and only their hashes are stored. Each
 * issue and revocation is appended to the audit log once done (never the secret): a token whose audit line could
 * not be written was issued, but its secret was never shown.
 */
public final class TokenService implements IssueTokenUseCase, RevokeTokenUseCase {

    private final TokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final RandomSource random;

    public TokenService(TokenStore tokens, AuditLog audit, Clock clock, RandomSource random) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public IssuedToken issueToken(IssueTokenCommand command) {
        Access.requireAdmin(command.actor());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] secretBytes = new byte[32];
        for (int i = 0; i < secretBytes.length; i += 8) {
            long bits = random.nextLong();
            for (int b = 0; b < 8; b++) {
                secretBytes[i + b] = (byte) (bits >>> (8 * b));
            }
        }
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        String id = "t" + random.newId().replaceAll("[^A-Za-z0-9]", "");
        Instant expires = command.validFor() == null ? null : now.plus(command.validFor());
        tokens.insert(new TokenStore.StoredToken(id, TokenIdentityProvider.sha256(secret), command.subject(), now,
                expires, null));
        audit.append(new AuditEvent(now, command.actor(), AuditAction.TOKEN_ISSUED, null, null, null, "active",
                "token " + id + " for " + command.subject().id() + " (" + command.subject().role() + ")"
                        + (expires == null ? "" : ", expires " + expires)));
        return new IssuedToken(id, id + "." + secret, command.subject(), expires);
    }

    @Override
    public void revokeToken(RevokeTokenCommand command) {
        Access.requireAdmin(command.actor());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!tokens.revoke(command.tokenId(), now)) {
            throw new ExamException(ErrorCode.TOKEN_NOT_FOUND, "no active token " + command.tokenId());
        }
        audit.append(new AuditEvent(now, command.actor(), AuditAction.TOKEN_REVOKED, null, null, "active", "revoked",
                "token " + command.tokenId()));
    }
}
