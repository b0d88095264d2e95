package org.examengine.application.port.in;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/** A command with no argument but its actor (the sweeper). */
public record SystemCommand(Actor actor) {

    public SystemCommand {
        Require.notNull(actor, "actor");
    }
}
