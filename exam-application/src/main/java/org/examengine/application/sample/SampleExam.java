package org.examengine.application.sample;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.Actor;

/**
 * A generated exam for demos, simulations and tests. Question {@code i} (1-based) has the id {@code q<i>},
 * four options {@code q<i>.a} to {@code q<i>.d}, and its correct option is {@code a}, {@code b}, {@code c},
 * {@code d}, {@code a}, ... in turn. Participant {@code n} has the id {@code w-<n>}.
 */
public final class SampleExam {

    private static final String[] TOPICS = {"safety procedures", "quality checks", "incident reporting",
        "equipment handling", "customer data", "shift handover", "first aid", "waste sorting"};

    private SampleExam() {
    }

    /** A package of {@code questions} four-option questions of weight 1. */
    public static ImportPackageCommand packageCommand(Actor admin, String packageId, int questions) {
        List<ImportPackageCommand.QuestionInput> list = new ArrayList<>();
        for (int i = 1; i <= questions; i++) {
            List<ImportPackageCommand.OptionInput> options = new ArrayList<>();
            for (int o = 0; o < 4; o++) {
                char letter = (char) ('a' + o);
                options.add(new ImportPackageCommand.OptionInput("q" + i + "." + letter,
                        "Answer " + Character.toUpperCase(letter) + " about " + topic(i), o == (i - 1) % 4));
            }
            list.add(new ImportPackageCommand.QuestionInput("q" + i,
                    "Question " + i + ": which statement about " + topic(i) + " is right?", options, 1));
        }
        return new ImportPackageCommand(admin, packageId, "Sample package " + packageId, list);
    }

    public static QuestionId question(int index) {
        return QuestionId.of("q" + index);
    }

    public static OptionId correctOption(int index) {
        return OptionId.of("q" + index + "." + (char) ('a' + (index - 1) % 4));
    }

    public static OptionId wrongOption(int index) {
        return OptionId.of("q" + index + "." + (char) ('a' + index % 4));
    }

    /**
     * An assessment opening at {@code opensAt}, scheduled that day, without a last start time, with
     * {@code participants} workers {@code w-1} ... named "Worker 1" ..., each with an employee number and an
     * e-mail address.
     */
    public static ScheduleAssessmentCommand schedule(Actor admin, String assessmentId, String title,
                                                     Instant opensAt, int durationMinutes, int passingScorePercent,
                                                     ExamPolicy policy, List<PackageId> packageIds,
                                                     int participants) {
        List<ScheduleAssessmentCommand.ParticipantInput> people = new ArrayList<>();
        for (int n = 1; n <= participants; n++) {
            people.add(new ScheduleAssessmentCommand.ParticipantInput("w-" + n, "Worker " + n,
                    String.format("EMP-%05d", n), "worker" + n + "@example.com"));
        }
        return new ScheduleAssessmentCommand(admin, assessmentId, title, "Competency",
                LocalDate.ofInstant(opensAt, ZoneOffset.UTC), opensAt, null, durationMinutes, passingScorePercent,
                policy, packageIds, people);
    }

    private static String topic(int index) {
        return TOPICS[(index - 1) % TOPICS.length];
    }
}
