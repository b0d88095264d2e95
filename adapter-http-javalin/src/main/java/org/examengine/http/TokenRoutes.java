package org.examengine.http;

import java.time.Duration;
import java.util.Locale;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;
import org.examengine.domain.shared.Role;

/** Access tokens (ADMIN): issue one for a worker, HC or admin (the secret is shown once), revoke by id. */
final class TokenRoutes {

    record SubjectBody(String id, String role) {
    }

    /** {@code validForMinutes} null for a token that does not expire. */
    record IssueBody(SubjectBody subject, Long validForMinutes) {
    }

    private TokenRoutes() {
    }

    /**
     * @param afterRevoke runs after each revocation (closes the sockets the token opened)
     */
    static void register(Routing r, Runnable afterRevoke) {
        r.post("/api/tokens", ctx -> {
            var actor = r.administrator(ctx);
            IssueBody b = r.body(ctx, IssueBody.class);
            SubjectBody s = Require.notNull(b.subject(), "subject");
            Actor subject = new Actor(s.id(), role(Require.notNull(s.role(), "subject.role")));
            // Checked before it becomes a Duration, which a number of minutes near Long.MAX_VALUE would overflow.
            Duration validFor = b.validForMinutes() == null ? null : Duration.ofMinutes(Require.range(
                    b.validForMinutes(), 1, IssueTokenCommand.MAX_VALID_FOR_MINUTES, "validForMinutes"));
            r.json.respond(ctx, 201, r.engine.issueToken().issueToken(new IssueTokenCommand(actor, subject, validFor)));
        });
        r.delete("/api/tokens/{tokenId}", ctx -> {
            r.engine.revokeToken().revokeToken(new RevokeTokenCommand(r.actor(ctx), ctx.pathParam("tokenId")));
            afterRevoke.run();
            ctx.status(204);
        });
    }

    private static Role role(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ExamException.invalid("subject.role must be WORKER, HC or ADMIN");
        }
    }
}
