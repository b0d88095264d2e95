package org.examengine.http;

import java.time.Instant;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/**
 * Browser login: a valid token is exchanged for an HttpOnly, SameSite=Strict session cookie and a CSRF token
 * (in the body and in a script-readable cookie); logout clears the cookies. {@code /api/me} tells who is calling.
 */
final class AuthRoutes {

    record LoginBody(String token) {
    }

    record LoginView(String id, String role, String csrfToken, String csrfHeader, Instant expiresAt) {
    }

    private AuthRoutes() {
    }

    static void register(Routing r) {
        r.post("/api/login", ctx -> {
            LoginBody body = r.anonymousBody(ctx, LoginBody.class);
            String token = Require.notNull(body.token(), "token");
            Actor actor = r.identity.authenticate(token);
            LoginCookies.LoginSession session = r.identity.login(ctx, token);
            r.json.respond(ctx, 200, new LoginView(actor.id(), actor.role().name(), session.csrfToken(),
                    Identity.CSRF_HEADER, session.expiresAt()));
        });
        r.post("/api/logout", ctx -> {
            r.identity.logout(ctx);
            ctx.status(204);
        });
        r.get("/api/me", ctx -> r.json.respond(ctx, 200, r.actor(ctx)));
    }
}
