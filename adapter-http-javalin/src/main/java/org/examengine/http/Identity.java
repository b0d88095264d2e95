package org.examengine.http;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.CredentialCommand;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * Who is calling. An {@code Authorization: Bearer <token>} header wins and needs no CSRF token; without it, the
 * {@value #SESSION_COOKIE} cookie of a browser login counts (see {@link LoginCookies}), and then every request
 * other than GET, HEAD and OPTIONS must repeat the login's CSRF token in the {@value #CSRF_HEADER} header (refused
 * with 403 {@code CSRF_TOKEN_INVALID} before any handler runs). Credentials are checked by the engine's identity
 * port on every request, so a revoked token stops working at once, for its browser logins too.
 */
final class Identity {

    static final String SESSION_COOKIE = "exam_session";
    static final String CSRF_COOKIE = "exam_csrf";
    /**
     * The prefix of the cookies' names with {@code secureCookies}: a browser takes such a cookie only over HTTPS, for
     * this host alone and for every path, so that a sibling subdomain cannot plant a login of its own.
     */
    static final String SECURE_PREFIX = "__Host-";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ACTOR = "examengine.actor";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ExamEngine engine;
    private final LoginCookies logins;
    private final boolean secureCookies;
    private final PageOrigins pageOrigins;
    private final String sessionCookie;
    private final String csrfCookie;

    Identity(ExamEngine engine, LoginCookies logins, boolean secureCookies, PageOrigins pageOrigins) {
        this.engine = engine;
        this.logins = logins;
        this.secureCookies = secureCookies;
        this.pageOrigins = pageOrigins;
        this.sessionCookie = (secureCookies ? SECURE_PREFIX : "") + SESSION_COOKIE;
        this.csrfCookie = (secureCookies ? SECURE_PREFIX : "") + CSRF_COOKIE;
    }

    /** The login cookie a request carries, under the name this server gives it; null when none. */
    String sessionCookie(Context ctx) {
        return ctx.cookie(sessionCookie);
    }

    /**
     * The token a request presents, not yet checked: the bearer header's (scheme and spaces aside), else the login
     * cookie's (its end aside); null when it presents none. A header that is not a bearer one counts as it is.
     */
    String presentedToken(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            String value = authorization.strip();
            return value.length() > 7 && value.regionMatches(true, 0, "bearer ", 0, 7)
                    ? value.substring(7).strip() : value;
        }
        String cookie = sessionCookie(ctx);
        if (cookie == null) {
            return null;
        }
        int separator = cookie.indexOf('~');
        return separator < 0 ? cookie : cookie.substring(separator + 1);
    }

    /**
     * Resolves the caller of an API request and remembers it for {@link #require}. Runs before every matched
     * API handler. A bad bearer header is refused here; no identity at all is left for {@link #require}.
     *
     * @throws ExamException {@code UNAUTHENTICATED} for a malformed, unknown, expired or revoked credential
     * @throws HttpProblem   403 {@code CSRF_TOKEN_INVALID} for a cookie request changing state without the token
     */
    void resolve(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            ctx.attribute(ACTOR, authenticate(bearer(authorization)));
            return;
        }
        Optional<LoginCookies.LoginSession> login = logins.find(sessionCookie(ctx));
        if (login.isEmpty()) {
            return;
        }
        if (!SAFE_METHODS.contains(ctx.method().name()) && !login.get().acceptsCsrf(ctx.header(CSRF_HEADER))) {
            throw new HttpProblem(403, HttpProblem.CSRF_TOKEN_INVALID,
                    "a request authenticated by cookie must carry the session's " + CSRF_HEADER + " header");
        }
        ctx.attribute(ACTOR, authenticateLogin(login.get()));
    }

    /**
     * Checks a logout: a cookie request must carry the CSRF token of the login it ends, as any state change does;
     * the credential itself is not checked, so that a login whose token was revoked or expired can still clear
     * its cookies.
     *
     * @throws HttpProblem 403 {@code CSRF_TOKEN_INVALID} for a cookie logout without the login's token
     */
    void checkLogout(Context ctx) {
        Optional<LoginCookies.LoginSession> login = logins.find(sessionCookie(ctx));
        if (ctx.header("Authorization") == null && login.isPresent()
                && !login.get().acceptsCsrf(ctx.header(CSRF_HEADER))) {
            throw new HttpProblem(403, HttpProblem.CSRF_TOKEN_INVALID,
                    "a request authenticated by cookie must carry the session's " + CSRF_HEADER + " header");
        }
    }

    /** Whether {@link #resolve} found a caller for this request. */
    boolean resolved(Context ctx) {
        return ctx.attribute(ACTOR) != null;
    }

    /** The caller resolved by {@link #resolve}. */
    Actor require(Context ctx) {
        Actor actor = ctx.attribute(ACTOR);
        if (actor == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ExamException(ErrorCode.UNAUTHENTICATED,
                    "send Authorization: Bearer <token>, or log in for a session cookie");
        }
        return actor;
    }

    /**
     * The credential of a WebSocket upgrade: a bearer header (non-browser clients), or the login cookie's token when
     * the upgrade comes from a page of this server's own origin ({@link PageOrigins}: browsers send the cookie but
     * cannot set headers, and the origin check keeps other sites from opening a socket with the worker's cookie).
     * Not yet checked:
     * {@link #authenticate} checks it, at the upgrade and again while the socket stays open.
     */
    /** The end of the browser login a WebSocket upgrade presents by cookie; null for a bearer header or none. */
    Instant upgradeLoginEnd(Context ctx) {
        if (ctx.header("Authorization") != null) {
            return null;
        }
        return logins.find(sessionCookie(ctx)).map(LoginCookies.LoginSession::expiresAt).orElse(null);
    }

    String upgradeCredential(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            return bearer(authorization);
        }
        Optional<LoginCookies.LoginSession> login = logins.find(sessionCookie(ctx));
        if (login.isEmpty()) {
            throw new ExamException(ErrorCode.UNAUTHENTICATED,
                    "send Authorization: Bearer <token>, or log in for a session cookie");
        }
        if (!pageOrigins.admits(ctx)) {
            throw new HttpProblem(403, HttpProblem.CSRF_TOKEN_INVALID,
                    "a cookie-authenticated socket must come from this server's own pages");
        }
        return login.get().credential();
    }

    /**
     * Opens a cookie session for a token the caller has just authenticated, and sets its cookies. They are session
     * cookies, kept only while the browser runs: closing it on a shared exam-room computer signs its user out. The
     * server ends the login after its lifetime whatever the browser keeps, and every request checks the token too.
     */
    LoginCookies.LoginSession login(Context ctx, String token) {
        LoginCookies.LoginSession session = logins.open(token);
        ctx.cookie(new Cookie(sessionCookie, LoginCookies.cookieValue(session), "/", BROWSER_SESSION, secureCookies,
                true, null, SameSite.STRICT));
        // Readable by the page's script, which copies it into the CSRF header; useless to another site.
        ctx.cookie(new Cookie(csrfCookie, session.csrfToken(), "/", BROWSER_SESSION, secureCookies, false, null,
                SameSite.STRICT));
        return session;
    }

    /** The max-age of a cookie without one: the browser drops it when it closes. */
    private static final int BROWSER_SESSION = -1;

    /** Clears this browser's login cookies; the token itself stays valid until it expires or is revoked. */
    void logout(Context ctx) {
        ctx.cookie(new Cookie(sessionCookie, "", "/", 0, secureCookies, true, null, SameSite.STRICT));
        ctx.cookie(new Cookie(csrfCookie, "", "/", 0, secureCookies, false, null, SameSite.STRICT));
        if (secureCookies) {
            // Cookies of the plain names, from before the server marked its cookies Secure, go too.
            ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, true, true, null, SameSite.STRICT));
            ctx.cookie(new Cookie(CSRF_COOKIE, "", "/", 0, true, false, null, SameSite.STRICT));
        }
    }

    private Actor authenticateLogin(LoginCookies.LoginSession login) {
        return authenticate(login.credential());
    }

    Actor authenticate(String credential) {
        return engine.authenticate().authenticate(new CredentialCommand(credential));
    }

    private static String bearer(String authorization) {
        String value = authorization.strip();
        if (value.length() < 8 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new ExamException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <token>'");
        }
        return value.substring(7).strip();
    }
}
