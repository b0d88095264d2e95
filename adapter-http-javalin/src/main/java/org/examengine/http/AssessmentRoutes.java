package org.examengine.http;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import io.javalin.http.Context;
import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.FindAssessmentsQuery;
import org.examengine.application.port.in.ResultsExport;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * Assessments: schedule (ADMIN), history search, close early and the results exports (HC or ADMIN). The CSV
 * export includes employee numbers for HR reporting and never e-mail addresses.
 */
final class AssessmentRoutes {

    /** Policy fields left out keep their defaults. */
    record PolicyBody(Long graceSeconds, Long offlineAfterSeconds, String expiry, Long outageCreditCapSeconds,
                      Boolean allowReview, Integer questionsPerPage, Boolean shuffleQuestions,
                      Boolean shuffleOptions) {

        ExamPolicy toPolicy() {
            ExamPolicy d = ExamPolicy.defaults();
            return new ExamPolicy(
                    graceSeconds == null ? d.grace() : Duration.ofSeconds(graceSeconds),
                    offlineAfterSeconds == null ? d.offlineAfter() : Duration.ofSeconds(offlineAfterSeconds),
                    expiry == null ? d.expiry() : expiry(expiry),
                    outageCreditCapSeconds == null ? d.outageCreditCap() : Duration.ofSeconds(outageCreditCapSeconds),
                    allowReview == null ? d.allowReview() : allowReview,
                    questionsPerPage == null ? d.questionsPerPage() : questionsPerPage,
                    shuffleQuestions == null ? d.shuffleQuestions() : shuffleQuestions,
                    shuffleOptions == null ? d.shuffleOptions() : shuffleOptions);
        }

        private static ExpiryPolicy expiry(String text) {
            for (ExpiryPolicy p : ExpiryPolicy.values()) {
                if (p.name().equalsIgnoreCase(text)) {
                    return p;
                }
            }
            throw ExamException.invalid("expiry must be AUTO_SUBMIT or ABANDON");
        }
    }

    /** A participant: the name as {@code displayName}, or as {@code name}, the column of participant files. */
    record ParticipantBody(String id, String displayName, String name, String employeeNumber, String email) {

        String nameGiven() {
            return Routing.oneOf("displayName", displayName, "name", name);
        }
    }

    record ScheduleBody(String assessmentId, String title, String category, LocalDate scheduleDate, Instant opensAt,
                        Instant closesAt, Integer durationMinutes, Integer passingScorePercent, PolicyBody policy,
                        List<String> packageIds, List<ParticipantBody> participants) {
    }

    private AssessmentRoutes() {
    }

    static void register(Routing r) {
        r.post("/api/assessments", ctx -> {
            var actor = r.administrator(ctx);
            ScheduleBody b = r.importBody(ctx, ScheduleBody.class);
            var command = new ScheduleAssessmentCommand(actor, b.assessmentId(), b.title(), b.category(),
                    b.scheduleDate(), b.opensAt(), b.closesAt(), Require.notNull(b.durationMinutes(), "durationMinutes"),
                    Require.notNull(b.passingScorePercent(), "passingScorePercent"),
                    b.policy() == null ? null : b.policy().toPolicy(),
                    Require.notEmpty(b.packageIds(), "packageIds").stream()
                            .map(id -> PackageId.of(Require.notNull(id, "packageIds entry"))).toList(),
                    b.participants() == null ? List.of() : b.participants().stream()
                            .map(p -> new ScheduleAssessmentCommand.ParticipantInput(
                                    Require.notNull(p, "participants entry").id(), p.nameGiven(),
                                    p.employeeNumber(), p.email()))
                            .toList());
            ScheduledAssessment scheduled = r.engine.scheduleAssessment().scheduleAssessment(command);
            ctx.header("Location", "/api/assessments/" + scheduled.assessmentId().value() + "/monitoring");
            r.json.respond(ctx, 201, scheduled);
        });
        r.get("/api/assessments", ctx -> r.json.respond(ctx, 200, r.engine.findAssessments().findAssessments(
                new FindAssessmentsQuery(r.actor(ctx), Routing.query(ctx, "title"), Routing.query(ctx, "category"),
                        Routing.date(ctx, "from"), Routing.date(ctx, "to"), groupStatus(Routing.query(ctx, "status")),
                        Routing.integer(ctx, "limit")))));
        r.action("/api/assessments/{assessmentId}/close-early", ctx -> r.json.respond(ctx, 200,
                r.engine.closeGroupEarly().closeGroupEarly(command(r, ctx))));
        r.get("/api/assessments/{assessmentId}/results.json", ctx -> r.json.respond(ctx, 200,
                r.engine.exportResults().exportResults(command(r, ctx))));
        r.get("/api/assessments/{assessmentId}/results.csv", ctx -> {
            ResultsExport export = r.engine.exportResults().exportResults(command(r, ctx));
            ctx.header("Content-Disposition",
                    "attachment; filename=\"results-" + export.assessment().id().value() + ".csv\"");
            ctx.status(200).contentType("text/csv; charset=utf-8").result(ResultsCsv.of(export));
        });
    }

    private static AssessmentCommand command(Routing r, Context ctx) {
        return new AssessmentCommand(r.actor(ctx), AssessmentRef.byId(r.assessmentId(ctx)));
    }

    private static GroupStatus groupStatus(String text) {
        if (text == null) {
            return null;
        }
        for (GroupStatus s : GroupStatus.values()) {
            if (s.label().equalsIgnoreCase(text) || s.name().equals(text.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        throw ExamException.invalid("status must be Upcoming, Open or Closed");
    }
}
