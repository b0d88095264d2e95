package org.examengine.cli;

import org.examengine.domain.shared.Actor;

/** What the commands share. */
final class Cli {

    /**
     * Who acts when the CLI works on the database directly: an operator with file or database access is an
     * administrator already, so the CLI acts as ADMIN (the audit log names it {@code cli}).
     */
    static final Actor OPERATOR = Actor.admin("cli");

    private Cli() {
    }
}
