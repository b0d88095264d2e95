package org.examengine.application.port.in;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/** A command or query about one whole assessment (close early, export). */
public record AssessmentCommand(Actor actor, AssessmentRef assessment) {

    public AssessmentCommand {
        Require.notNull(actor, "actor");
        Require.notNull(assessment, "assessment");
    }
}
