package org.examengine.domain.participant;

import java.util.Optional;

import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * A worker who takes assessments. Only {@link #displayName()} is shown to HC in monitoring; the
 * employee number and e-mail are private and leave the engine only through explicit exports.
 *
 * @param employeeNumber may be null
 * @param email          may be null
 */
public record Participant(ParticipantId id, String displayName, String employeeNumber, String email) {

    public Participant {
        Require.notNull(id, "participant id");
        Require.text(displayName, "displayName", 200);
        if (employeeNumber != null) {
            Require.text(employeeNumber, "employeeNumber", 100);
        }
        if (email != null) {
            Require.text(email, "email", 254);
            if (!email.contains("@")) {
                throw ExamException.invalid("email must contain '@'");
            }
        }
    }

    public Optional<String> employeeNumberOpt() {
        return Optional.ofNullable(employeeNumber);
    }

    public Optional<String> emailOpt() {
        return Optional.ofNullable(email);
    }
}
