package org.examengine.application.port.in;

import java.time.Duration;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;
import org.examengine.domain.shared.Role;

/**
 * Issue a token for {@code subject}.
 *
 * @param validFor null for a token that does not expire; otherwise 1 minute to 366 days
 */
public record IssueTokenCommand(Actor actor, Actor subject, Duration validFor) {

    /** The longest a token may be valid: 366 days, in minutes. */
    public static final long MAX_VALID_FOR_MINUTES = Duration.ofDays(366).toMinutes();

    public IssueTokenCommand {
        Require.notNull(actor, "actor");
        Require.notNull(subject, "subject");
        if (subject.role() == Role.SYSTEM) {
            throw ExamException.invalid("tokens are issued to WORKER, HC or ADMIN only");
        }
        if (validFor != null) {
            Require.range(validFor.toMinutes(), 1, MAX_VALID_FOR_MINUTES, "validFor minutes");
        }
    }
}
