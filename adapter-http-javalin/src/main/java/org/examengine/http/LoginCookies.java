package org.examengine.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

import org.examengine.domain.shared.ExamException;

/**
 * Browser logins without server-side state. The login cookie carries the bearer token itself, after the instant the
 * login ends ({@code <epoch seconds>~<token>}; HttpOnly, SameSite=Strict, so neither page scripts nor other sites can
 * read or send it), and every request checks the token with the engine's identity port exactly like a bearer header:
 * revoking or expiring the token ends the login at its next request, and so does the login's own end, however long
 * the browser keeps the cookie (a kiosk, a restored browser session). The CSRF token is derived from the token
 * ({@code SHA-256("exam-csrf:" + token)}), so any node, including one restarted since the login, verifies it without
 * remembering anything, and a second login in another tab leaves the first tab's token valid; it cannot be computed
 * without the token, which only the browser's HttpOnly cookie holds.
 *
 * <p>Consequences: a login survives a server restart and works on every node of a cluster without sticky
 * sessions; logout clears the browser's cookies, and the token itself stays valid until it expires or is
 * revoked. The login's end is written in the cookie, not signed: it keeps a browser from staying signed in, not
 * the holder of the token (who can send it as a bearer header anyway) from using it.
 */
final class LoginCookies {

    /** What a login cookie stands for. */
    record LoginSession(String credential, String csrfToken, Instant expiresAt) {

        /** Constant-time comparison of a presented CSRF token with this login's. */
        boolean acceptsCsrf(String presented) {
            return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                    csrfToken.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The longest credential a login cookie carries: browsers keep cookies of about 4 KB. */
    static final int MAX_CREDENTIAL_LENGTH = 3_800;

    private final Clock clock;
    private final Duration lifetime;

    LoginCookies(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /**
     * A login for a credential the caller has just authenticated.
     *
     * @throws ExamException {@code INVALID_INPUT} for a credential that a cookie cannot carry (too long, or with
     *                       characters outside a cookie's value), which would otherwise log the browser in and
     *                       straight out again; such a credential works as a bearer header
     */
    LoginSession open(String credential) {
        if (credential.length() > MAX_CREDENTIAL_LENGTH || !credential.chars().allMatch(LoginCookies::cookieOctet)) {
            throw ExamException.invalid("this credential cannot be kept in a login cookie (longer than "
                    + MAX_CREDENTIAL_LENGTH + " characters, or with spaces, quotes, commas, semicolons, backslashes "
                    + "or characters outside ASCII); send it as Authorization: Bearer instead");
        }
        Instant ends = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        return new LoginSession(credential, csrfFor(credential), ends);
    }

    /** The value of the login cookie of {@code session}: when it ends, then the token. */
    static String cookieValue(LoginSession session) {
        return Long.toString(session.expiresAt().getEpochSecond()) + SEPARATOR + session.credential();
    }

    private static final char SEPARATOR = '~';

    /** A character a cookie's value may hold unquoted (RFC 6265, cookie-octet). */
    private static boolean cookieOctet(int c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B)
                || (c >= 0x5D && c <= 0x7E);
    }

    /**
     * The login a cookie stands for; empty for a missing, implausible or ended login (the identity port checks the
     * token).
     */
    Optional<LoginSession> find(String cookie) {
        if (cookie == null || cookie.length() > MAX_CREDENTIAL_LENGTH + 13) {
            return Optional.empty();
        }
        int separator = cookie.indexOf(SEPARATOR);
        if (separator < 1 || separator > 12 || separator == cookie.length() - 1) {
            return Optional.empty();
        }
        long endSecond = 0;
        for (int i = 0; i < separator; i++) {
            char c = cookie.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            endSecond = endSecond * 10 + (c - '0');
        }
        if (endSecond <= clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        String credential = cookie.substring(separator + 1);
        return Optional.of(new LoginSession(credential, csrfFor(credential), Instant.ofEpochSecond(endSecond)));
    }

    Duration lifetime() {
        return lifetime;
    }

    static String csrfFor(String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("exam-csrf:" + credential).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
