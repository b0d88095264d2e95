package org.examengine.cli;

import java.util.List;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.AssessmentSummary;
import org.examengine.application.port.in.AuditLogEntry;
import org.examengine.application.port.in.AuditLogQuery;
import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.application.port.in.FindAssessmentsQuery;
import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.PackageSummary;
import org.examengine.application.port.in.ResultsExport;
import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SessionHistory;
import org.examengine.domain.shared.SessionId;
import org.examengine.persistence.jdbi.JdbiExamStorage;

/** The engine on the database itself, acting as the operator ({@link Cli#OPERATOR}). */
final class LocalBackend implements Backend {

    private final JdbiExamStorage storage;
    private final ExamEngine engine;

    LocalBackend(StorageOptions options) {
        this.storage = options.open();
        this.engine = StorageOptions.engine(storage);
    }

    @Override
    public PackageSummary importPackage(ImportPackageCommand command) {
        return engine.importPackage().importPackage(command);
    }

    @Override
    public ScheduledAssessment schedule(ScheduleAssessmentCommand command) {
        return engine.scheduleAssessment().scheduleAssessment(command);
    }

    @Override
    public IssuedToken issueToken(IssueTokenCommand command) {
        return engine.issueToken().issueToken(command);
    }

    @Override
    public void revokeToken(String tokenId) {
        engine.revokeToken().revokeToken(new RevokeTokenCommand(Cli.OPERATOR, tokenId));
    }

    @Override
    public MonitoringSnapshot monitoring(AssessmentRef assessment) {
        return engine.monitoring().getMonitoringProgress(new MonitoringQuery(Cli.OPERATOR, assessment));
    }

    @Override
    public ResultsExport results(AssessmentRef assessment) {
        return engine.exportResults().exportResults(new AssessmentCommand(Cli.OPERATOR, assessment));
    }

    @Override
    public List<AssessmentSummary> history(FindAssessmentsQuery query) {
        return engine.findAssessments().findAssessments(query);
    }

    @Override
    public MonitoringRow forceClose(SessionId session) {
        return engine.forceClose().forceClose(new SessionCommand(Cli.OPERATOR, session));
    }

    @Override
    public MonitoringRow reset(SessionId session) {
        return engine.reset().reset(new SessionCommand(Cli.OPERATOR, session));
    }

    @Override
    public SessionHistory sessionHistory(SessionId session) {
        return engine.sessionHistory().getSessionHistory(new SessionCommand(Cli.OPERATOR, session));
    }

    @Override
    public List<AuditLogEntry> auditLog(Integer limit) {
        return engine.auditLog().getAuditLog(new AuditLogQuery(Cli.OPERATOR, limit));
    }

    @Override
    public MonitoringRow extend(SessionId session, int minutes) {
        return engine.extendTime().extendTime(new ExtendTimeCommand(Cli.OPERATOR, session, minutes));
    }

    @Override
    public void close() {
        storage.close();
    }
}
