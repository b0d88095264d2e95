package org.examengine.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.examengine.domain.shared.ExamException;

/** Parses the times operators type: {@code now}, {@code now+15m}, ISO instants and local date-times. */
final class Times {

    private static final Pattern RELATIVE = Pattern.compile("now(?:([+-])(\\d+)([smhd]))?");

    private Times() {
    }

    /** @throws ExamException {@code INVALID_INPUT} naming {@code option} */
    static Instant instant(String text, String option, Clock clock) {
        Matcher m = RELATIVE.matcher(text.trim());
        if (m.matches()) {
            Instant now = clock.instant();
            if (m.group(1) == null) {
                return now;
            }
            Duration d = duration(Long.parseLong(m.group(2)), m.group(3));
            return m.group(1).equals("+") ? now.plus(d) : now.minus(d);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).atZone(clock.getZone()).toInstant();
            } catch (DateTimeParseException e) {
                throw ExamException.invalid(option + " must be 'now', 'now+15m', an ISO instant such as "
                        + "2026-03-02T08:00:00Z or a local date-time such as 2026-03-02T08:00; was '" + text + "'");
            }
        }
    }

    private static Duration duration(long amount, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
