package org.examengine.cli;

import java.util.List;

import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.AssessmentSummary;
import org.examengine.application.port.in.AuditLogEntry;
import org.examengine.application.port.in.FindAssessmentsQuery;
import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.PackageSummary;
import org.examengine.application.port.in.ResultsExport;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionHistory;
import org.examengine.domain.shared.SessionId;

/**
 * What the operator commands need, the same whether the CLI works on the database itself
 * ({@link LocalBackend}) or talks to a running server ({@link RemoteBackend}). Commands carry the caller's
 * actor only locally; remotely the server knows the caller from the token.
 */
interface Backend extends AutoCloseable {

    PackageSummary importPackage(ImportPackageCommand command);

    ScheduledAssessment schedule(ScheduleAssessmentCommand command);

    IssuedToken issueToken(IssueTokenCommand command);

    void revokeToken(String tokenId);

    MonitoringSnapshot monitoring(AssessmentRef assessment);

    ResultsExport results(AssessmentRef assessment);

    List<AssessmentSummary> history(FindAssessmentsQuery query);

    MonitoringRow forceClose(SessionId session);

    MonitoringRow reset(SessionId session);

    SessionHistory sessionHistory(SessionId session);

    /** The latest audit events, newest first; {@code limit} null for the engine's default. */
    List<AuditLogEntry> auditLog(Integer limit);

    MonitoringRow extend(SessionId session, int minutes);

    @Override
    void close();
}
