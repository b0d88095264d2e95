package org.examengine.application.port.out;

import java.time.LocalDate;

/**
 * Criteria for {@link AssessmentRepository#search}; null criteria match everything. Results come newest schedule
 * date first, then by title and id, so that {@code offset} pages through them.
 *
 * @param titleContains case-insensitive substring of the title
 * @param category      exact category, case-insensitive
 * @param from          earliest schedule date, inclusive
 * @param to            latest schedule date, inclusive
 * @param limit         maximum number of results, at least 1
 * @param offset        how many of the matching assessments, in that order, to skip
 */
public record AssessmentSearch(String titleContains, String category, LocalDate from, LocalDate to, int limit,
                               int offset) {

    public AssessmentSearch {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** The first {@code limit} matches. */
    public AssessmentSearch(String titleContains, String category, LocalDate from, LocalDate to, int limit) {
        this(titleContains, category, from, to, limit, 0);
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
