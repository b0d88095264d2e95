package org.examengine.domain.assessment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * A scheduled exam event (the "group" HC watches), identified by {@code title + category + scheduleDate}
 * and by an opaque id.
 *
 * <p>Lifecycle: Upcoming until {@code opensAt}; then workers may start until {@code closesAt} (when set),
 * each getting {@code durationMinutes} from their own start. HC may close it early at any time, which
 * closes every open session. Instances are immutable; changes return a new instance and the repository
 * bumps {@code version}.
 *
 * @param closesAt      the last moment a worker may start, or null for no limit; sessions already started
 *                      keep their full time
 * @param closedEarlyAt when HC closed the whole assessment, or null
 * @param version       optimistic concurrency version, starts at 0
 */
public record Assessment(AssessmentId id, String title, String category, LocalDate scheduleDate,
                         Instant opensAt, Instant closesAt, int durationMinutes, int passingScorePercent,
                         ExamPolicy policy, List<PackageId> packageIds, Instant closedEarlyAt, long version) {

    /** The first and last years an assessment's dates and instants may fall in. */
    public static final int FIRST_YEAR = 1970;
    public static final int LAST_YEAR = 9999;
    private static final Instant FIRST_INSTANT = LocalDate.of(FIRST_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LAST_INSTANT =
            LocalDate.of(LAST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /**
     * @throws ExamException {@code INVALID_INPUT} for a missing field, a date or instant outside the years
     *                       {@value #FIRST_YEAR}-{@value #LAST_YEAR} (UTC), a window that ends before it opens, a
     *                       duration outside 1-1440 minutes or a passing score outside 0-100
     */
    public Assessment {
        Require.notNull(id, "assessment id");
        Require.text(title, "title", 300);
        Require.text(category, "category", 100);
        Require.notNull(scheduleDate, "scheduleDate");
        Require.notNull(opensAt, "opensAt");
        requireYear(scheduleDate.getYear(), "scheduleDate");
        requireYear(opensAt, "opensAt");
        if (closesAt != null) {
            requireYear(closesAt, "closesAt");
        }
        Require.range(durationMinutes, 1, 24 * 60, "durationMinutes");
        Require.range(passingScorePercent, 0, 100, "passingScorePercent");
        Require.notNull(policy, "policy");
        packageIds = List.copyOf(Require.notEmpty(packageIds, "packageIds"));
        if (packageIds.stream().distinct().count() != packageIds.size()) {
            throw ExamException.invalid("packageIds repeats a package");
        }
        if (closesAt != null && !closesAt.isAfter(opensAt)) {
            throw ExamException.invalid("closesAt must be after opensAt");
        }
        if (version < 0) {
            throw ExamException.invalid("version must not be negative");
        }
    }

    private static void requireYear(Instant instant, String field) {
        // Compared as instants: the years of Instant's range go beyond what a date-time can hold.
        if (instant.isBefore(FIRST_INSTANT) || !instant.isBefore(AFTER_LAST_INSTANT)) {
            throw ExamException.invalid(field + " must fall in the years " + FIRST_YEAR + "-" + LAST_YEAR
                    + " (UTC), was " + instant);
        }
    }

    private static void requireYear(int year, String field) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw ExamException.invalid(field + " must fall in the years " + FIRST_YEAR + "-" + LAST_YEAR + ", was in "
                    + year);
        }
    }

    public Optional<Instant> closesAtOpt() {
        return Optional.ofNullable(closesAt);
    }

    public boolean isClosedEarly() {
        return closedEarlyAt != null;
    }

    public boolean isUpcoming(Instant now) {
        return now.isBefore(opensAt);
    }

    /** True once the last start time has passed (never, without {@code closesAt}). */
    public boolean startWindowPassed(Instant now) {
        return closesAt != null && now.isAfter(closesAt);
    }

    /**
     * Checks that a worker may start now.
     *
     * @throws ExamException {@code NOT_YET_OPEN} before {@code opensAt}; {@code ASSESSMENT_CLOSED} after an
     *                       early close or past {@code closesAt}
     */
    public void checkStartAllowed(Instant now) {
        if (isClosedEarly() || startWindowPassed(now)) {
            throw new ExamException(ErrorCode.ASSESSMENT_CLOSED, "assessment " + id + " is closed");
        }
        if (isUpcoming(now)) {
            throw new ExamException(ErrorCode.NOT_YET_OPEN, "assessment " + id + " opens at " + opensAt);
        }
    }

    /**
     * HC closes the whole assessment now.
     *
     * @throws ExamException {@code ASSESSMENT_CLOSED} when already closed early
     */
    public Assessment closeEarly(Instant now) {
        if (isClosedEarly()) {
            throw new ExamException(ErrorCode.ASSESSMENT_CLOSED, "assessment " + id + " is already closed");
        }
        return new Assessment(id, title, category, scheduleDate, opensAt, closesAt, durationMinutes,
                passingScorePercent, policy, packageIds, now, version);
    }

    /** The same assessment with the version the repository stored. */
    public Assessment withVersion(long newVersion) {
        return new Assessment(id, title, category, scheduleDate, opensAt, closesAt, durationMinutes,
                passingScorePercent, policy, packageIds, closedEarlyAt, newVersion);
    }

    /**
     * The group status derived from the clock and the sessions' state.
     *
     * @param allSessionsClosed whether every session is Completed or Abandoned (false for an empty group)
     */
    public GroupStatus groupStatus(Instant now, boolean allSessionsClosed) {
        if (isClosedEarly() || allSessionsClosed) {
            return GroupStatus.CLOSED;
        }
        return isUpcoming(now) ? GroupStatus.UPCOMING : GroupStatus.OPEN;
    }
}
