package org.examengine.application.port.in;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/**
 * The latest audit events.
 *
 * @param limit 1 to 1,000; null for 100
 */
public record AuditLogQuery(Actor actor, Integer limit) {

    public AuditLogQuery {
        Require.notNull(actor, "actor");
        limit = limit == null ? 100 : Require.range(limit, 1, 1_000, "limit");
    }
}
