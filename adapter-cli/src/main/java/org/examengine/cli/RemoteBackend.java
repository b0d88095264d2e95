package org.examengine.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.shared.SessionId;

import com.fasterxml.jackson.core.type.TypeReference;

/** The operator commands through a running server's JSON API; the server knows the caller from the token. */
final class RemoteBackend implements Backend {

    private final ApiClient api;

    RemoteBackend(ApiClient api) {
        this.api = api;
    }

    @Override
    public PackageSummary importPackage(ImportPackageCommand command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("packageId", command.packageId());
        body.put("title", command.title());
        body.put("questions", command.questions().stream().map(q -> Map.of(
                "id", q.id(), "text", q.text(), "weight", q.weight() == null ? 1 : q.weight(),
                "options", q.options().stream().map(o -> Map.of("id", o.id(), "text", o.text(),
                        "correct", o.correct())).toList())).toList());
        return api.post("/api/packages", body, PackageSummary.class);
    }

    @Override
    public ScheduledAssessment schedule(ScheduleAssessmentCommand c) {
        ExamPolicy p = c.policy();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("graceSeconds", p.grace().toSeconds());
        policy.put("offlineAfterSeconds", p.offlineAfter().toSeconds());
        policy.put("expiry", p.expiry().name());
        policy.put("outageCreditCapSeconds", p.outageCreditCap().toSeconds());
        policy.put("allowReview", p.allowReview());
        policy.put("questionsPerPage", p.questionsPerPage());
        policy.put("shuffleQuestions", p.shuffleQuestions());
        policy.put("shuffleOptions", p.shuffleOptions());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assessmentId", c.assessmentId());
        body.put("title", c.title());
        body.put("category", c.category());
        body.put("scheduleDate", c.scheduleDate());
        body.put("opensAt", c.opensAt());
        body.put("closesAt", c.closesAt());
        body.put("durationMinutes", c.durationMinutes());
        body.put("passingScorePercent", c.passingScorePercent());
        body.put("policy", policy);
        body.put("packageIds", c.packageIds().stream().map(Object::toString).toList());
        body.put("participants", c.participants().stream().map(person -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", person.id());
            m.put("displayName", person.displayName());
            m.put("employeeNumber", person.employeeNumber());
            m.put("email", person.email());
            return m;
        }).toList());
        return api.post("/api/assessments", body, ScheduledAssessment.class);
    }

    @Override
    public IssuedToken issueToken(IssueTokenCommand command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", Map.of("id", command.subject().id(), "role", command.subject().role().name()));
        Duration validFor = command.validFor();
        if (validFor != null && !validFor.equals(Duration.ofMinutes(validFor.toMinutes()))) {
            // The HTTP API takes whole minutes: a shorter or longer token than asked is not issued silently.
            throw new IllegalArgumentException("--valid-for must be whole minutes with --server, was " + validFor);
        }
        body.put("validForMinutes", validFor == null ? null : validFor.toMinutes());
        return api.post("/api/tokens", body, IssuedToken.class);
    }

    @Override
    public void revokeToken(String tokenId) {
        api.delete("/api/tokens/" + ApiClient.segment(tokenId));
    }

    @Override
    public MonitoringSnapshot monitoring(AssessmentRef ref) {
        if (ref.id() != null) {
            return api.get("/api/assessments/" + ApiClient.segment(ref.id().value()) + "/monitoring",
                    MonitoringSnapshot.class);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("title", ref.title());
        key.put("category", ref.category());
        key.put("scheduleDate", ref.scheduleDate());
        return api.get(ApiClient.query("/api/monitoring", key), MonitoringSnapshot.class);
    }

    @Override
    public ResultsExport results(AssessmentRef ref) {
        String id = ref.id() != null ? ref.id().value() : monitoring(ref).assessmentId().value();
        return api.get("/api/assessments/" + ApiClient.segment(id) + "/results.json", ResultsExport.class);
    }

    @Override
    public List<AssessmentSummary> history(FindAssessmentsQuery q) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("title", q.titleContains());
        params.put("category", q.category());
        params.put("from", q.from());
        params.put("to", q.to());
        params.put("status", q.status() == null ? null : q.status().label());
        params.put("limit", q.limit());
        return api.get(ApiClient.query("/api/assessments", params), new TypeReference<List<AssessmentSummary>>() { });
    }

    @Override
    public MonitoringRow forceClose(SessionId session) {
        return action(session, "force-close", Map.of());
    }

    @Override
    public MonitoringRow reset(SessionId session) {
        return action(session, "reset", Map.of());
    }

    @Override
    public SessionHistory sessionHistory(SessionId session) {
        return api.get("/api/sessions/" + ApiClient.segment(session.value()) + "/history", SessionHistory.class);
    }

    @Override
    public List<AuditLogEntry> auditLog(Integer limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("limit", limit);
        return api.get(ApiClient.query("/api/audit", params), new TypeReference<List<AuditLogEntry>>() { });
    }

    @Override
    public MonitoringRow extend(SessionId session, int minutes) {
        return action(session, "extend", Map.of("minutes", minutes));
    }

    private MonitoringRow action(SessionId session, String action, Map<String, Object> body) {
        return api.post("/api/sessions/" + ApiClient.segment(session.value()) + "/" + action, body,
                MonitoringRow.class);
    }

    @Override
    public void close() {
        // The JDK client holds no resource that needs closing on Java 17.
    }
}
