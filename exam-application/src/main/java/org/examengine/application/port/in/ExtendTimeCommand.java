package org.examengine.application.port.in;

import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/** ExtendTime by 1 to 600 minutes. */
public record ExtendTimeCommand(Actor actor, SessionId sessionId, int minutes) {

    public ExtendTimeCommand {
        Require.notNull(actor, "actor");
        Require.notNull(sessionId, "sessionId");
        Require.range(minutes, 1, 600, "minutes");
    }
}
