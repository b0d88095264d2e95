package org.examengine.application.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssueTokenUseCase;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.application.port.in.RevokeTokenUseCase;
import org.examengine.application.port.out.AuditLog;
import org.examengine.application.port.out.TokenStore;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.application.support.TokenIdentityProvider;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * Issues and revokes bearer tokens; secrets and ids come from a {@link SecureRandom} of the service's own, whatever
 * random source the engine draws packages with (a seeded one would make them guessable), and only the secrets'
 * hashes are stored. Each issue and revocation is written in one transaction with its audit line (never the
 * secret), so that a failure leaves neither; with a token store outside the engine's storage, a token whose audit
 * line could not be written was issued, but its secret was never shown.
 */
public final class TokenService implements IssueTokenUseCase, RevokeTokenUseCase {

    private final TokenStore tokens;
    private final AuditLog audit;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final SecureRandom secrets = new SecureRandom();

    public TokenService(TokenStore tokens, AuditLog audit, TransactionRunner transactions, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public IssuedToken issueToken(IssueTokenCommand command) {
        Access.requireAdmin(command.actor());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] secretBytes = new byte[32];
        secrets.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] idBytes = new byte[16];
        secrets.nextBytes(idBytes);
        String id = "t" + HexFormat.of().formatHex(idBytes);
        Instant expires = command.validFor() == null ? null : now.plus(command.validFor());
        transactions.inTransaction(() -> {
            tokens.insert(new TokenStore.StoredToken(id, TokenIdentityProvider.sha256(secret), command.subject(), now,
                    expires, null));
            audit.append(new AuditEvent(now, command.actor(), AuditAction.TOKEN_ISSUED, null, null, null, "active",
                    "token " + id + " for " + command.subject().id() + " (" + command.subject().role() + ")"
                            + (expires == null ? "" : ", expires " + expires)));
            return null;
        });
        return new IssuedToken(id, id + "." + secret, command.subject(), expires);
    }

    @Override
    public void revokeToken(RevokeTokenCommand command) {
        Access.requireAdmin(command.actor());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        transactions.inTransaction(() -> {
            if (!tokens.revoke(command.tokenId(), now)) {
                throw new ExamException(ErrorCode.TOKEN_NOT_FOUND, "no active token " + command.tokenId());
            }
            audit.append(new AuditEvent(now, command.actor(), AuditAction.TOKEN_REVOKED, null, null, "active",
                    "revoked", "token " + command.tokenId()));
            return null;
        });
    }
}
