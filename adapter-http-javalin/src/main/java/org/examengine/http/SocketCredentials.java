package org.examengine.http;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.javalin.websocket.WsContext;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential each open socket was opened with, checked again from time to time and after each revocation on
 * this node: a socket whose token was revoked or has expired, or whose browser login has ended, is closed with
 * {@code 4401 UNAUTHENTICATED}, as a request with that token or login would be refused. A credential is checked once per round however many sockets share it.
 * One credential holds at most a set number of sockets at once: a worker's page needs one, an HC's a few, and a
 * caller opening sockets without end would hold the server's memory.
 */
final class SocketCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(SocketCredentials.class);
    static final int UNAUTHENTICATED_CLOSE = 4000 + 401;
    static final int TOO_MANY_SOCKETS_CLOSE = 4000 + 429;

    private final Identity identity;
    private final int maxPerCredential;
    private final Clock clock;
    private final Map<WsContext, String> open = new ConcurrentHashMap<>();
    // The end of the browser login each socket opened by cookie was opened with.
    private final Map<WsContext, Instant> loginEnds = new ConcurrentHashMap<>();
    private final Map<String, Integer> perCredential = new ConcurrentHashMap<>();

    SocketCredentials(Identity identity, int maxPerCredential, Clock clock) {
        this.identity = identity;
        this.maxPerCredential = maxPerCredential;
        this.clock = clock;
    }

    /**
     * Refuses an upgrade whose credential already holds its most sockets, before the handshake completes.
     * {@link #opened} counts again, as upgrades of one credential may pass this check together.
     *
     * @throws HttpProblem 429 {@code TOO_MANY_SOCKETS}
     */
    void checkRoom(String credential) {
        if (perCredential.getOrDefault(credential, 0) >= maxPerCredential) {
            throw tooMany();
        }
    }

    /**
     * Counts a socket just opened with {@code credential}; past the most a credential may hold, closes it with
     * {@value #TOO_MANY_SOCKETS_CLOSE} instead.
     *
     * @return whether the socket was admitted
     */
    boolean opened(WsContext ws, String credential, Instant loginEnd) {
        boolean[] admitted = {false};
        perCredential.compute(credential, (key, count) -> {
            int held = count == null ? 0 : count;
            admitted[0] = held < maxPerCredential;
            return admitted[0] ? held + 1 : count;
        });
        if (!admitted[0]) {
            close(ws, TOO_MANY_SOCKETS_CLOSE, HttpProblem.TOO_MANY_SOCKETS);
            return false;
        }
        open.put(ws, credential);
        if (loginEnd != null) {
            loginEnds.put(ws, loginEnd);
        }
        return true;
    }

    /** Forgets a socket closed or failed; safe to call more than once for one socket. */
    void closed(WsContext ws) {
        String credential = open.remove(ws);
        loginEnds.remove(ws);
        if (credential != null) {
            perCredential.computeIfPresent(credential, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    static HttpProblem tooMany() {
        return new HttpProblem(429, HttpProblem.TOO_MANY_SOCKETS,
                "this credential holds as many open sockets as one may; close one before opening another");
    }

    /**
     * Authenticates the credential of every open socket again and closes the sockets of those refused.
     *
     * @return how many sockets were closed
     */
    int recheck() {
        Map<String, Boolean> valid = new HashMap<>();
        Instant now = clock.instant();
        int closed = 0;
        for (Map.Entry<WsContext, String> e : open.entrySet()) {
            Instant loginEnd = loginEnds.get(e.getKey());
            if ((loginEnd != null && !now.isBefore(loginEnd)) || !valid.computeIfAbsent(e.getValue(), this::stillValid)) {
                closed(e.getKey());
                close(e.getKey(), UNAUTHENTICATED_CLOSE, ErrorCode.UNAUTHENTICATED.name());
                closed++;
            }
        }
        return closed;
    }

    private boolean stillValid(String credential) {
        try {
            identity.authenticate(credential);
            return true;
        } catch (ExamException e) {
            return e.code() != ErrorCode.UNAUTHENTICATED;
        } catch (RuntimeException e) {
            // Storage that cannot answer now is no reason to drop every watcher; the next round asks again.
            LOG.warn("could not check the credentials of open sockets: {}", e.toString());
            return true;
        }
    }

    private static void close(WsContext ws, int code, String reason) {
        try {
            ws.closeSession(code, reason);
        } catch (RuntimeException ignored) {
            // Already gone.
        }
    }

    int size() {
        return open.size();
    }
}
