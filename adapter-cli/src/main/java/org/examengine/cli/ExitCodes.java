package org.examengine.cli;

import org.examengine.domain.shared.ErrorCode;

/** The documented exit codes, derived from an error's kind. */
final class ExitCodes {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int CONNECTION = 4;

    private ExitCodes() {
    }

    static int of(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case UNAUTHENTICATED, FORBIDDEN, REFUSED -> REFUSED;
        };
    }
}
