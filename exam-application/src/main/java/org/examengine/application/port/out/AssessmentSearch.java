package org.examengine.application.port.out;

import java.time.LocalDate;

/**
 * Criteria for {@link AssessmentRepository#search}; null criteria match everything.
 *
 * @param titleContains case-insensitive substring of the title
 * @param category      exact category, case-insensitive
 * @param from          earliest schedule date, inclusive
 * @param to            latest schedule date, inclusive
 * @param limit         maximum number of results, at least 1
 */
public record AssessmentSearch(String titleContains, String category, LocalDate from, LocalDate to, int limit) {

    public AssessmentSearch {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    /** Whether an assessment with these fields matches, for adapters that filter in memory. */
    public boolean matches(String title, String assessmentCategory, LocalDate scheduleDate) {
        return (titleContains == null || title.toLowerCase(java.util.Locale.ROOT)
                        .contains(titleContains.toLowerCase(java.util.Locale.ROOT)))
                && (category == null || category.equalsIgnoreCase(assessmentCategory))
                && (from == null || !scheduleDate.isBefore(from))
                && (to == null || !scheduleDate.isAfter(to));
    }
}
