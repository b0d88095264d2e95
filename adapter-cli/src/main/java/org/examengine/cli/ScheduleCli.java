package org.examengine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.ExamException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Schedule an assessment from flags or a JSON file (flags win), with participants from a CSV "
                + "file (id,name[,employeeNumber][,email]). One session is created per participant.")
final class ScheduleCli implements Runnable {

    /** The assessment file's fields; all optional here, checked when merged with the flags. */
    record AssessmentFile(String id, String title, String category, LocalDate scheduleDate, String opensAt,
                          String closesAt, Integer durationMinutes, Integer passingScorePercent, List<String> packages,
                          Long graceSeconds, Long offlineAfterSeconds, ExpiryPolicy expiry,
                          Long outageCreditCapMinutes, Boolean allowReview, Integer questionsPerPage) {
    }

    @Option(names = "--file", paramLabel = "JSON", description = {"Assessment file (JSON) with any of the fields id, "
        + "title, category, scheduleDate, opensAt, closesAt, durationMinutes, passingScorePercent, packages (a list "
        + "of ids), graceSeconds, offlineAfterSeconds, expiry, outageCreditCapMinutes, allowReview and "
        + "questionsPerPage; a flag given beside it wins. Participants come from --participants."})
    private Path file;

    @Option(names = "--id", description = "Assessment id (default generated).")
    private String id;

    @Option(names = "--title")
    private String title;

    @Option(names = "--category")
    private String category;

    @Option(names = "--date", description = "Schedule date (default: the UTC date of --opens).")
    private LocalDate date;

    @Option(names = "--opens", description = "Opening time: now, now+15m, 2026-03-02T08:00:00Z or 2026-03-02T08:00.")
    private String opens;

    @Option(names = "--closes", description = "Last start time (default: none).")
    private String closes;

    @Option(names = "--duration", paramLabel = "MINUTES")
    private Integer duration;

    @Option(names = "--passing", paramLabel = "PERCENT", description = "Passing score percent (default 70).")
    private Integer passing;

    @Option(names = "--package", paramLabel = "ID", description = "Package id; repeat for several packages.")
    private List<String> packages;

    @Option(names = "--participants", paramLabel = "CSV", description = "Participants file.")
    private Path participants;

    @Option(names = "--grace", paramLabel = "SECONDS", description = "Grace period for submits (default 120).")
    private Long grace;

    @Option(names = "--offline-after", paramLabel = "SECONDS", description = "Offline after silence (default 90).")
    private Long offlineAfter;

    @Option(names = "--expiry", description = "AUTO_SUBMIT (default) or ABANDON.")
    private ExpiryPolicy expiry;

    @Option(names = "--outage-credit-cap", paramLabel = "MINUTES", description = "Outage credit cap (default 0: off).")
    private Long outageCreditCap;

    @Option(names = "--allow-review", description = "Workers see correct options after closing.")
    private Boolean allowReview;

    @Option(names = "--questions-per-page", paramLabel = "N")
    private Integer questionsPerPage;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Mixin
    private ServerOptions target;

    @Override
    public void run() {
        AssessmentFile f = file == null ? new AssessmentFile(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null) : readFile(file);
        Clock clock = Clock.systemDefaultZone();
        String opensText = pick(opens, f.opensAt(), "--opens");
        Instant opensAt = Times.instant(opensText, "--opens", clock);
        String closesText = closes != null ? closes : f.closesAt();
        ExamPolicy defaults = ExamPolicy.defaults();
        ExamPolicy policy = new ExamPolicy(
                Duration.ofSeconds(or(grace, f.graceSeconds(), defaults.grace().toSeconds())),
                Duration.ofSeconds(or(offlineAfter, f.offlineAfterSeconds(), defaults.offlineAfter().toSeconds())),
                or(expiry, f.expiry(), defaults.expiry()),
                Duration.ofMinutes(or(outageCreditCap, f.outageCreditCapMinutes(), 0L)),
                or(allowReview, f.allowReview(), defaults.allowReview()),
                or(questionsPerPage, f.questionsPerPage(), defaults.questionsPerPage()),
                defaults.shuffleQuestions(), defaults.shuffleOptions());
        List<String> packageIds = packages != null ? packages : f.packages();
        if (packageIds == null || packageIds.isEmpty()) {
            throw ExamException.invalid("--package is required (or \"packages\" in the file)");
        }
        List<ScheduleAssessmentCommand.ParticipantInput> people = participants == null ? List.of()
                : ParticipantFiles.read(participants);
        ScheduleAssessmentCommand command = new ScheduleAssessmentCommand(Cli.OPERATOR, or(id, f.id(), null),
                pick(title, f.title(), "--title"), pick(category, f.category(), "--category"),
                or(date, f.scheduleDate(), LocalDate.ofInstant(opensAt, ZoneOffset.UTC)), opensAt,
                closesText == null ? null : Times.instant(closesText, "--closes", clock),
                pick(duration, f.durationMinutes(), "--duration"), or(passing, f.passingScorePercent(), 70), policy,
                new ArrayList<>(packageIds.stream().map(PackageId::of).toList()), people);
        try (Backend backend = target.open()) {
            ScheduledAssessment scheduled = backend.schedule(command);
            PrintWriter out = target.out();
            if (json) {
                Output.json(out, scheduled);
            } else {
                out.printf("scheduled assessment %s with %d sessions%n", scheduled.assessmentId(),
                        scheduled.sessions().size());
                scheduled.sessions().forEach(s -> out.printf("  %s  %s%n", s.participantId(), s.sessionId()));
            }
        }
    }

    private static AssessmentFile readFile(Path path) {
        try {
            return new ObjectMapper().findAndRegisterModules()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(Files.readString(path), AssessmentFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw ExamException.invalid(where(path, e) + "unknown field '" + e.getPropertyName() + "' (the fields are "
                    + String.join(", ", FIELDS) + ")");
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String expected = e.getTargetType() == null ? "" : " (expected "
                    + (Number.class.isAssignableFrom(e.getTargetType()) ? "a number"
                    : e.getTargetType() == Boolean.class ? "true or false"
                    : List.class.isAssignableFrom(e.getTargetType()) ? "a list" : "text") + ")";
            throw ExamException.invalid(where(path, e) + (field.isEmpty() ? "not a JSON object"
                    : "field '" + field + "' has the wrong type" + expected));
        } catch (JsonProcessingException e) {
            throw ExamException.invalid(where(path, e) + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static final List<String> FIELDS = Arrays.stream(AssessmentFile.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private static String where(Path path, JsonProcessingException e) {
        return path + (e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr()) + ": ";
    }

    private static <T> T pick(T flag, T fromFile, String option) {
        T value = flag != null ? flag : fromFile;
        if (value == null) {
            throw ExamException.invalid(option + " is required (as a flag or in the file)");
        }
        return value;
    }

    private static <T> T or(T flag, T fromFile, T fallback) {
        return flag != null ? flag : fromFile != null ? fromFile : fallback;
    }
}
