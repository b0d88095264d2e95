package org.examengine.http;

import org.examengine.application.port.in.AuditLogQuery;

/** The audit log (ADMIN): its latest events of every kind, newest first. */
final class AuditRoutes {

    private AuditRoutes() {
    }

    static void register(Routing r) {
        r.get("/api/audit", ctx -> r.json.respond(ctx, 200, r.engine.auditLog().getAuditLog(
                new AuditLogQuery(r.actor(ctx), Routing.integer(ctx, "limit")))));
    }
}
