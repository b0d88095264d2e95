package org.examengine.http;

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
 * this node: a socket whose token was revoked or has expired is closed with {@code 4401 UNAUTHENTICATED}, as a
 * request with that token would be refused. A credential is checked once per round however many sockets share it.
 */
final class SocketCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(SocketCredentials.class);
    static final int UNAUTHENTICATED_CLOSE = 4000 + 401;

    private final Identity identity;
    private final Map<WsContext, String> open = new ConcurrentHashMap<>();

    SocketCredentials(Identity identity) {
        this.identity = identity;
    }

    void opened(WsContext ws, String credential) {
        open.put(ws, credential);
    }

    void closed(WsContext ws) {
        open.remove(ws);
    }

    /**
     * Authenticates the credential of every open socket again and closes the sockets of those refused.
     *
     * @return how many sockets were closed
     */
    int recheck() {
        Map<String, Boolean> valid = new HashMap<>();
        int closed = 0;
        for (Map.Entry<WsContext, String> e : open.entrySet()) {
            if (!valid.computeIfAbsent(e.getValue(), this::stillValid)) {
                open.remove(e.getKey());
                close(e.getKey());
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

    private static void close(WsContext ws) {
        try {
            ws.closeSession(UNAUTHENTICATED_CLOSE, ErrorCode.UNAUTHENTICATED.name());
        } catch (RuntimeException ignored) {
            // Already gone.
        }
    }

    int size() {
        return open.size();
    }
}
