package org.examengine.http;

import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.domain.shared.Require;

/**
 * HC's actions on one session, each answering the session's new monitoring row, and its history. HC or ADMIN only
 * (403).
 */
final class SessionActionRoutes {

    record ExtendBody(Integer minutes) {
    }

    private SessionActionRoutes() {
    }

    static void register(Routing r) {
        r.action("/api/sessions/{sessionId}/force-close", ctx -> r.json.respond(ctx, 200,
                r.engine.forceClose().forceClose(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.action("/api/sessions/{sessionId}/reset", ctx -> r.json.respond(ctx, 200,
                r.engine.reset().reset(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.action("/api/sessions/{sessionId}/reshuffle", ctx -> r.json.respond(ctx, 200,
                r.engine.reshuffle().reshuffle(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.action("/api/sessions/{sessionId}/pause", ctx -> r.json.respond(ctx, 200,
                r.engine.pauseSession().pauseSession(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.action("/api/sessions/{sessionId}/resume", ctx -> r.json.respond(ctx, 200,
                r.engine.resumeSession().resumeSession(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.get("/api/sessions/{sessionId}/history", ctx -> r.json.respond(ctx, 200,
                r.engine.sessionHistory().getSessionHistory(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.post("/api/sessions/{sessionId}/extend", ctx -> {
            var actor = r.actor(ctx);
            var sessionId = r.sessionId(ctx);
            ExtendBody body = r.body(ctx, ExtendBody.class);
            r.json.respond(ctx, 200, r.engine.extendTime().extendTime(
                    new ExtendTimeCommand(actor, sessionId, Require.notNull(body.minutes(), "minutes"))));
        });
    }
}
