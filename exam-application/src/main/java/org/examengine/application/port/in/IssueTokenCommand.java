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

    public IssueTokenCommand {
        Require.notNull(actor, "actor");
        Require.notNull(subject, "subject");
        if (subject.role() == Role.SYSTEM) {
            throw ExamException.invalid("tokens are issued to WORKER, HC or ADMIN only");
        }
        if (validFor != null) {
            Require.range(validFor.toMinutes(), 1, Duration.ofDays(366).toMinutes(), "validFor minutes");
        }
    }
}
