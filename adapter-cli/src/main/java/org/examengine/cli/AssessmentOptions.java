package org.examengine.cli;

import java.time.LocalDate;

import org.examengine.application.port.in.AssessmentRef;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.ExamException;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Names an assessment by id, or by {@code --title --category --date} as HC knows it. */
final class AssessmentOptions {

    @Parameters(arity = "0..1", paramLabel = "ASSESSMENT", description = "Assessment id.")
    String id;

    @Option(names = "--title", description = "Assessment title (with --category and --date instead of an id).")
    String title;

    @Option(names = "--category")
    String category;

    @Option(names = "--date", description = "Schedule date, e.g. 2026-03-02.")
    LocalDate date;

    AssessmentRef ref() {
        if (id != null) {
            return AssessmentRef.byId(AssessmentId.of(id));
        }
        if (title == null && category == null && date == null) {
            throw ExamException.invalid("name the assessment by id or by --title, --category and --date");
        }
        return AssessmentRef.byKey(title, category, date);
    }
}
