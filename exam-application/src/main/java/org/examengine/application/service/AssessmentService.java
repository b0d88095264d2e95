package org.examengine.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentSummary;
import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.ExportResultsUseCase;
import org.examengine.application.port.in.FindAssessmentsQuery;
import org.examengine.application.port.in.FindAssessmentsUseCase;
import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.ImportPackageUseCase;
import org.examengine.application.port.in.NaturalOrder;
import org.examengine.application.port.in.PackageSummary;
import org.examengine.application.port.in.ResultsExport;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.ScheduleAssessmentUseCase;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.out.AssessmentSearch;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/** Packages, scheduling, history search and result exports. */
public final class AssessmentService implements ImportPackageUseCase, ScheduleAssessmentUseCase,
        FindAssessmentsUseCase, ExportResultsUseCase {

    private final EngineContext ctx;

    AssessmentService(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public PackageSummary importPackage(ImportPackageCommand command) {
        Access.requireAdmin(command.actor());
        PackageId id = PackageId.of(command.packageId() != null ? command.packageId() : ctx.random.newId());
        List<Question> questions = new ArrayList<>();
        int qIndex = 0;
        for (ImportPackageCommand.QuestionInput q : command.questions()) {
            qIndex++;
            String qid = q.id() != null ? q.id() : "q" + qIndex;
            List<Option> options = new ArrayList<>();
            char letter = 'a';
            for (ImportPackageCommand.OptionInput o : q.options()) {
                String oid = o.id() != null ? o.id() : qid + "." + letter;
                options.add(new Option(OptionId.of(oid), o.text(), o.correct()));
                letter++;
            }
            questions.add(new Question(QuestionId.of(qid), q.text(), options, q.weight() == null ? 1 : q.weight()));
        }
        ExamPackage pkg = new ExamPackage(id, command.title(), questions);
        return ctx.write(events -> {
            ctx.storage.packages().insert(pkg);
            ctx.storage.audit().append(new AuditEvent(ctx.now(), command.actor(), AuditAction.PACKAGE_IMPORTED,
                    null, null, null, null, "package " + id + ", " + pkg.size() + " questions"));
            return new PackageSummary(id, pkg.title(), pkg.size(), pkg.totalWeight());
        });
    }

    @Override
    public ScheduledAssessment scheduleAssessment(ScheduleAssessmentCommand command) {
        Access.requireAdmin(command.actor());
        AssessmentId id = AssessmentId.of(command.assessmentId() != null ? command.assessmentId() : ctx.random.newId());
        Assessment assessment = new Assessment(id, command.title(), command.category(), command.scheduleDate(),
                command.opensAt(), command.closesAt(), command.durationMinutes(), command.passingScorePercent(),
                command.policy(), command.packageIds(), null, 0);
        List<Participant> participants = command.participants().stream()
                .map(p -> new Participant(ParticipantId.of(p.id()), p.displayName(), p.employeeNumber(), p.email()))
                .toList();
        return ctx.write(events -> {
            Instant now = ctx.now();
            if (ctx.storage.assessments().findByKey(assessment.title(), assessment.category(),
                    assessment.scheduleDate()).isPresent()) {
                throw new ExamException(ErrorCode.DUPLICATE_ASSESSMENT, "an assessment '" + assessment.title()
                        + "' in " + assessment.category() + " on " + assessment.scheduleDate() + " exists");
            }
            assessment.packageIds().forEach(ctx::pkg);
            ctx.storage.assessments().insert(assessment);
            List<ExamSession> sessions = new ArrayList<>();
            List<ScheduledAssessment.ScheduledSession> created = new ArrayList<>();
            for (Participant p : participants) {
                ctx.storage.participants().upsert(p);
                SessionId sessionId = SessionId.of(ctx.random.newId());
                sessions.add(ExamSession.scheduled(sessionId, id, p.id(), ctx.draw(assessment)));
                created.add(new ScheduledAssessment.ScheduledSession(p.id(), sessionId));
            }
            ctx.storage.sessions().insertAll(sessions);
            ctx.storage.audit().append(new AuditEvent(now, command.actor(), AuditAction.ASSESSMENT_SCHEDULED, id,
                    null, null, "Scheduled", sessions.size() + " sessions"));
            events.add(new ExamEvent(ExamEvent.Type.ASSESSMENT_SCHEDULED, id, null, now));
            return new ScheduledAssessment(id, created);
        });
    }

    /** How many assessments a search by group status reads at a time. */
    static final int STATUS_SEARCH_PAGE = 1_000;

    /**
     * Reads the assessments matching the stored criteria a page at a time, each page in a transaction of its own;
     * a group status, which is not stored but follows from the clock and the sessions, is filtered page by page
     * until {@code limit} match or none are left.
     */
    @Override
    public List<AssessmentSummary> findAssessments(FindAssessmentsQuery query) {
        Access.requireStaff(query.actor());
        int fetch = query.status() == null ? query.limit() : STATUS_SEARCH_PAGE;
        List<AssessmentSummary> matches = new ArrayList<>();
        for (int offset = 0; ; offset += fetch) {
            AssessmentSearch search = new AssessmentSearch(query.titleContains(), query.category(), query.from(),
                    query.to(), fetch, offset);
            Found page = ctx.storage.transactions().inTransaction(() -> summarize(search, query));
            while (!page.overdue().isEmpty()) {
                // Sessions past their time count as closed only once closed: close them (lazy expiry), then read
                // the page again.
                page.overdue().forEach(ctx::expire);
                page = ctx.storage.transactions().inTransaction(() -> summarize(search, query));
            }
            matches.addAll(page.summaries());
            if (query.status() == null || matches.size() >= query.limit() || page.read() < fetch) {
                return matches.stream().limit(query.limit()).toList();
            }
        }
    }

    /**
     * @param read how many assessments the page read, before the filter by group status
     */
    private record Found(List<AssessmentSummary> summaries, List<SessionId> overdue, int read) {
    }

    /** One page of assessments as summaries, or the sessions that must be expired before they can be told. */
    private Found summarize(AssessmentSearch search, FindAssessmentsQuery query) {
        Instant now = ctx.now();
        List<Assessment> found = ctx.storage.assessments().search(search);
        Map<AssessmentId, Map<SessionStatus, Integer>> counts = ctx.storage.sessions()
                .countByStatus(found.stream().map(Assessment::id).toList());
        List<SessionId> overdue = new ArrayList<>();
        for (Assessment a : found) {
            Map<SessionStatus, Integer> byStatus = counts.getOrDefault(a.id(), Map.of());
            boolean open = byStatus.entrySet().stream().anyMatch(e -> !e.getKey().isClosed() && e.getValue() > 0);
            // No session can be overdue before the first deadline could pass or the last start time has.
            boolean mayBeOverdue = a.startWindowPassed(now)
                    || now.isAfter(a.opensAt().plus(Duration.ofMinutes(a.durationMinutes())));
            if (open && mayBeOverdue) {
                overdue.addAll(overdue(ctx.storage.sessions().findByAssessment(a.id()), a, now));
            }
        }
        if (!overdue.isEmpty()) {
            return new Found(null, overdue, found.size());
        }
        return new Found(found.stream()
                .map(a -> summary(a, counts.getOrDefault(a.id(), Map.of()), now))
                .filter(s -> query.status() == null || s.groupStatus() == query.status())
                .toList(), List.of(), found.size());
    }

    private static List<SessionId> overdue(List<ExamSession> sessions, Assessment a, Instant now) {
        return sessions.stream().filter(s -> s.isOverdue(a, now)).map(ExamSession::id).toList();
    }

    @Override
    public ResultsExport exportResults(AssessmentCommand command) {
        Access.requireStaff(command.actor());
        while (true) {
            Exported exported = ctx.storage.transactions().inTransaction(() -> export(command));
            if (exported.overdue().isEmpty()) {
                return exported.export();
            }
            // As the monitoring read: what is past its time is closed first, so the export shows it closed.
            exported.overdue().forEach(ctx::expire);
        }
    }

    private record Exported(ResultsExport export, List<SessionId> overdue) {
    }

    private Exported export(AssessmentCommand command) {
        Assessment a = ctx.resolve(command.assessment());
        Instant now = ctx.now();
        List<ExamSession> sessions = ctx.storage.sessions().findByAssessment(a.id());
        List<SessionId> overdue = overdue(sessions, a, now);
        if (!overdue.isEmpty()) {
            return new Exported(null, overdue);
        }
        Map<ParticipantId, Participant> people = ctx.storage.participants().findByAssessment(a.id()).stream()
                .collect(Collectors.toMap(Participant::id, Function.identity(), (x, y) -> x));
        Map<SessionStatus, Integer> counts = new EnumMap<>(SessionStatus.class);
        sessions.forEach(s -> counts.merge(s.status(), 1, Integer::sum));
        List<ResultsExport.Row> rows = sessions.stream().map(s -> {
            Participant p = people.get(s.participantId());
            String name = p == null ? s.participantId().value() : p.displayName();
            return new ResultsExport.Row(s.id(), s.participantId(), name, p == null ? null : p.employeeNumber(),
                    s.displayStatus(a, now), s.attempt(), s.scorePercent(), ExamResult.resultLabel(s.passed()),
                    s.answeredCount(), s.totalQuestions(), s.startedAt(), s.completedAt(), s.closedBy());
        }).sorted(Comparator.comparing(ResultsExport.Row::name, NaturalOrder.INSTANCE)
                .thenComparing(r -> r.sessionId().value())).toList();
        return new Exported(new ResultsExport(summary(a, counts, now), rows), List.of());
    }

    private static AssessmentSummary summary(Assessment a, Map<SessionStatus, Integer> counts, Instant now) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int closed = counts.getOrDefault(SessionStatus.COMPLETED, 0) + counts.getOrDefault(SessionStatus.ABANDONED, 0);
        GroupStatus status = a.groupStatus(now, total > 0 && closed == total);
        Map<SessionStatus, Integer> copy = new EnumMap<>(SessionStatus.class);
        copy.putAll(counts);
        return new AssessmentSummary(a.id(), a.title(), a.category(), a.scheduleDate(), a.opensAt(), a.closesAt(),
                a.durationMinutes(), a.passingScorePercent(), status, total, copy);
    }
}
