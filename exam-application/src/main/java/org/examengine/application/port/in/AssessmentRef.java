package org.examengine.application.port.in;

import java.time.LocalDate;
import java.util.Optional;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * Names an assessment either by id or by its natural key {@code title + category + scheduleDate}.
 * Exactly one of the two forms is set.
 */
public record AssessmentRef(AssessmentId id, String title, String category, LocalDate scheduleDate) {

    public AssessmentRef {
        boolean byKey = title != null || category != null || scheduleDate != null;
        if ((id == null) == !byKey) {
            throw ExamException.invalid("name an assessment by id or by title, category and scheduleDate");
        }
        if (byKey) {
            Require.text(title, "title", 300);
            Require.text(category, "category", 100);
            Require.notNull(scheduleDate, "scheduleDate");
        }
    }

    public static AssessmentRef byId(AssessmentId id) {
        return new AssessmentRef(Require.notNull(id, "assessmentId"), null, null, null);
    }

    public static AssessmentRef byKey(String title, String category, LocalDate scheduleDate) {
        return new AssessmentRef(null, title, category, scheduleDate);
    }

    public Optional<AssessmentId> idOpt() {
        return Optional.ofNullable(id);
    }

    @Override
    public String toString() {
        return id != null ? id.value() : title + " / " + category + " / " + scheduleDate;
    }
}
