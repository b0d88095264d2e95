package org.examengine.application.port.in;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/** GetMonitoringProgress for one assessment. */
public record MonitoringQuery(Actor actor, AssessmentRef assessment) {

    public MonitoringQuery {
        Require.notNull(actor, "actor");
        Require.notNull(assessment, "assessment");
    }
}
