package org.examengine.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket channels. Authentication and authorization happen before the handshake completes, so a refused
 * upgrade is an ordinary problem response (401, 403, 404). Browsers are authenticated by the login cookie (they
 * cannot set headers on a WebSocket) and must come from this server's origin; other clients send
 * {@code Authorization: Bearer <token>} on the upgrade request. Tokens are never accepted in the URL, where they
 * would end up in access logs and browser history.
 *
 * <ul>
 *   <li>{@code /ws/assessments/{assessmentId}/monitoring[?since=<version>&tag=<tag>]} (HC or ADMIN): a snapshot
 *   on connect ({@code resumed} instead when {@code since} and {@code tag}, from the last message the client
 *   applied or a poll's {@code ETag}, are the current view's), then {@code changes}.</li>
 *   <li>{@code /ws/sessions/{sessionId}} (the owning worker): {@code sessionStatus} on connect and after every
 *   change of the session's status, deadline or closing.</li>
 * </ul>
 * Clients may send the text {@code ping} (or {@code {"type":"ping"}}) and get {@code {"type":"pong"}}; the server
 * also sends WebSocket pings, and closes a connection idle past the idle timeout.
 */
final class PushRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PushRoutes.class);
    private static final String ACTOR = "examengine.ws.actor";
    private static final String SINCE = "examengine.ws.since";
    private static final String TAG = "examengine.ws.tag";
    private static final String CREDENTIAL = "examengine.ws.credential";
    private static final String LOGIN_END = "examengine.ws.loginEnd";

    record Pong(String type, Instant at) {
    }

    private PushRoutes() {
    }

    static void register(Routing r, PushHub hub, SocketCredentials credentials, Duration pingInterval, Clock clock) {
        r.ws("/ws/assessments/{assessmentId}/monitoring", ctx -> {
            String credential = r.identity.upgradeCredential(ctx);
            Actor actor = r.identity.authenticate(credential);
            credentials.checkRoom(credential);
            AssessmentId id = r.assessmentId(ctx);
            Long since = since(ctx);
            // Authorizes (HC/ADMIN, existing assessment) before the handshake completes.
            r.engine.monitoring().getMonitoringProgress(new MonitoringQuery(actor, AssessmentRef.byId(id)));
            ctx.attribute(ACTOR, actor);
            ctx.attribute(SINCE, since);
            ctx.attribute(TAG, Routing.query(ctx, "tag"));
            ctx.attribute(CREDENTIAL, credential);
            ctx.attribute(LOGIN_END, r.identity.upgradeLoginEnd(ctx));
        }, ws -> {
            ws.onConnect(c -> {
                if (!credentials.opened(c, c.attribute(CREDENTIAL), c.attribute(LOGIN_END))) {
                    return;
                }
                start(c, pingInterval);
                AssessmentId id = AssessmentId.of(c.pathParam("assessmentId"));
                try {
                    hub.joinMonitoring(id, c, c.attribute(SINCE), c.attribute(TAG));
                } catch (RuntimeException e) {
                    closeOnError(c, e);
                }
            });
            ws.onMessage(c -> pong(r, c, c.message(), clock));
            ws.onClose(c -> {
                c.disableAutomaticPings();
                credentials.closed(c);
                hub.leaveMonitoring(AssessmentId.of(c.pathParam("assessmentId")), c);
            });
            ws.onError(c -> {
                credentials.closed(c);
                hub.leaveMonitoring(AssessmentId.of(c.pathParam("assessmentId")), c);
            });
        });
        r.ws("/ws/sessions/{sessionId}", ctx -> {
            String credential = r.identity.upgradeCredential(ctx);
            Actor actor = r.identity.authenticate(credential);
            credentials.checkRoom(credential);
            SessionId id = r.sessionId(ctx);
            r.engine.checkExamStatus().checkExamStatus(new SessionCommand(actor, id));
            ctx.attribute(ACTOR, actor);
            ctx.attribute(CREDENTIAL, credential);
            ctx.attribute(LOGIN_END, r.identity.upgradeLoginEnd(ctx));
        }, ws -> {
            ws.onConnect(c -> {
                if (!credentials.opened(c, c.attribute(CREDENTIAL), c.attribute(LOGIN_END))) {
                    return;
                }
                start(c, pingInterval);
                try {
                    hub.joinSession(SessionId.of(c.pathParam("sessionId")), c.attribute(ACTOR), c);
                } catch (RuntimeException e) {
                    closeOnError(c, e);
                }
            });
            ws.onMessage(c -> pong(r, c, c.message(), clock));
            ws.onClose(c -> {
                c.disableAutomaticPings();
                credentials.closed(c);
                hub.leaveSession(SessionId.of(c.pathParam("sessionId")), c);
            });
            ws.onError(c -> {
                credentials.closed(c);
                hub.leaveSession(SessionId.of(c.pathParam("sessionId")), c);
            });
        });
    }

    private static void start(WsContext c, Duration pingInterval) {
        c.enableAutomaticPings(pingInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Long since(Context ctx) {
        String value = Routing.query(ctx, "since");
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw ExamException.invalid("since must be a version number");
        }
    }

    private static void pong(Routing r, WsContext c, String message, Clock clock) {
        String text = message.strip();
        if (text.equals("ping") || (text.length() < 100 && text.replace(" ", "").contains("\"type\":\"ping\""))) {
            c.send(r.json.writeString(new Pong("pong", clock.instant())));
        }
    }

    private static void closeOnError(WsContext c, RuntimeException e) {
        if (e instanceof ExamException exam) {
            c.closeSession(4000 + Problems.status(exam.code()), exam.code().name());
        } else {
            LOG.warn("push channel failed on connect", e);
            c.closeSession(1011, "INTERNAL_ERROR");
        }
    }
}
