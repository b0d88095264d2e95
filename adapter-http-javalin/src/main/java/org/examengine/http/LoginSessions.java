package org.examengine.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cookie sessions of the browser pages, kept in memory on this node. A session id and its CSRF token are each
 * 256 random bits; a session remembers the bearer credential it was opened with, so that revoking or expiring
 * that token ends the cookie session at its next request. Sessions end at logout or after their lifetime.
 */
final class LoginSessions {

    /** One cookie session. */
    record LoginSession(String id, String credential, String csrfToken, Instant expiresAt) {

        /** Constant-time comparison of a presented CSRF token with this session's. */
        boolean acceptsCsrf(String presented) {
            return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                    csrfToken.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, LoginSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration lifetime;

    LoginSessions(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    LoginSession open(String credential) {
        LoginSession session = new LoginSession(randomToken(), credential, randomToken(),
                clock.instant().plus(lifetime));
        sessions.put(session.id(), session);
        return session;
    }

    Optional<LoginSession> find(String id) {
        if (id == null || id.length() > 100) {
            return Optional.empty();
        }
        LoginSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(id, session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Drops every expired session; run now and then so abandoned sessions do not pile up. */
    void purgeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }

    int size() {
        return sessions.size();
    }

    Duration lifetime() {
        return lifetime;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
