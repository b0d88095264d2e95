package org.examengine.application.port.in;

import java.util.List;

import org.examengine.domain.shared.ExamException;

/**
 * GetAuditLog (ADMIN). The latest events of the audit log, of every kind (sessions, assessments, packages,
 * tokens), newest first.
 *
 * <p>Codes: {@code FORBIDDEN} for anyone but an ADMIN, {@code INVALID_INPUT} for a limit outside 1-1,000.
 */
public interface GetAuditLogUseCase {

    /**
     * @throws ExamException with the codes listed above
     */
    List<AuditLogEntry> getAuditLog(AuditLogQuery query);
}
