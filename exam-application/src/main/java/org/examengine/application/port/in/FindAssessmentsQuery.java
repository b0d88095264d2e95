package org.examengine.application.port.in;

import java.time.LocalDate;

import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * History search; null criteria match everything.
 *
 * @param titleContains case-insensitive part of the title
 * @param limit         1 to 1,000; null for 100
 */
public record FindAssessmentsQuery(Actor actor, String titleContains, String category, LocalDate from, LocalDate to,
                                   GroupStatus status, Integer limit) {

    public FindAssessmentsQuery {
        Require.notNull(actor, "actor");
        limit = limit == null ? 100 : Require.range(limit, 1, 1_000, "limit");
        if (from != null && to != null && to.isBefore(from)) {
            throw ExamException.invalid("'to' is before 'from'");
        }
        titleContains = titleContains == null || titleContains.isBlank() ? null
                : Require.noNul(titleContains.strip(), "titleContains");
        category = category == null || category.isBlank() ? null : Require.noNul(category.strip(), "category");
    }
}
