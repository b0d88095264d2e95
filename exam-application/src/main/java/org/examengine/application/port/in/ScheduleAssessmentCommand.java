package org.examengine.application.port.in;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * An assessment to schedule with its participants.
 *
 * @param assessmentId null to generate one
 * @param closesAt     last start time, null for none
 * @param policy       null for {@link ExamPolicy#defaults()}
 */
public record ScheduleAssessmentCommand(Actor actor, String assessmentId, String title, String category,
                                        LocalDate scheduleDate, Instant opensAt, Instant closesAt,
                                        int durationMinutes, int passingScorePercent, ExamPolicy policy,
                                        List<PackageId> packageIds, List<ParticipantInput> participants) {

    /** Maximum participants in one assessment. */
    public static final int MAX_PARTICIPANTS = 20_000;

    /**
     * A participant to register or update.
     *
     * @param id             the worker's id, as the identity port names the worker ({@code Actor.worker(id)}): 1 to
     *                       100 characters of letters, digits, {@code . _ : - @}; an e-mail address used as id is
     *                       shown wherever the id is (results, audit), unlike {@code email}
     * @param employeeNumber may be null
     * @param email          may be null
     */
    public record ParticipantInput(String id, String displayName, String employeeNumber, String email) {
    }

    public ScheduleAssessmentCommand {
        Require.notNull(actor, "actor");
        packageIds = Require.entries(Require.notEmpty(packageIds, "packageIds"), "packageIds");
        // An assessment is scheduled for its workers, and its title, category and date are taken once it is: one
        // scheduled for nobody could never be given any.
        participants = Require.entries(Require.notEmpty(participants, "participants"), "participants");
        if (participants.size() > MAX_PARTICIPANTS) {
            throw ExamException.invalid("at most " + MAX_PARTICIPANTS + " participants per assessment");
        }
        if (participants.stream().map(ParticipantInput::id).distinct().count() != participants.size()) {
            throw ExamException.invalid("participants repeats a participant id");
        }
        if (scheduleDate != null && opensAt != null) {
            // The date names the assessment (with its title and category) and finds it; a day either way of the
            // opening's UTC date allows for the organisation's own time zone.
            // (By epoch day, which every date and instant has, however far off.)
            long opensOn = Math.floorDiv(opensAt.getEpochSecond(), 86_400L);
            if (Math.abs(scheduleDate.toEpochDay() - opensOn) > 1) {
                throw ExamException.invalid("scheduleDate " + scheduleDate + " is not the day the assessment opens ("
                        + opensAt + ")");
            }
        }
        policy = policy == null ? ExamPolicy.defaults() : policy;
    }
}
