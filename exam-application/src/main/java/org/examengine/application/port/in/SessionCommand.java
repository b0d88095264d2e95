package org.examengine.application.port.in;

import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/** A command or query about one session: start, heartbeat, status, result and the HC session actions. */
public record SessionCommand(Actor actor, SessionId sessionId) {

    public SessionCommand {
        Require.notNull(actor, "actor");
        Require.notNull(sessionId, "sessionId");
    }
}
