package org.examengine.application.service;

import java.util.List;

import org.examengine.application.port.in.AuditLogEntry;
import org.examengine.application.port.in.AuditLogQuery;
import org.examengine.application.port.in.GetAuditLogUseCase;

/** Reads the audit log for administrators. */
public final class AuditService implements GetAuditLogUseCase {

    private final EngineContext ctx;

    AuditService(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<AuditLogEntry> getAuditLog(AuditLogQuery query) {
        Access.requireAdmin(query.actor());
        return ctx.storage.audit().findRecent(query.limit()).stream().map(AuditLogEntry::of).toList();
    }
}
