package org.examengine.cli;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;

import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/** The documented exit codes, derived from an error's kind. */
final class ExitCodes {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int CONNECTION = 4;

    private ExitCodes() {
    }

    /** The exit code for a failure: the engine's error kind, a connection failure, or 1. */
    static int of(Throwable e) {
        if (e instanceof ExamException ex) {
            return of(ex.code());
        }
        if (e instanceof ApiClient.RemoteFailure remote) {
            return remote.exitCode();
        }
        if (isConnectionFailure(e)) {
            return CONNECTION;
        }
        // A file that cannot be read, an option value that does not parse (a URL, a port, a number).
        if (e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return REFUSED;
    }

    /** One readable line: the engine's message, or the innermost cause of an infrastructure failure. */
    static String message(Throwable e) {
        if (e instanceof ExamException || e instanceof ApiClient.RemoteFailure) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String first = text.lines().findFirst().orElse(text);
        return (isConnectionFailure(e) ? "cannot connect: " : "") + first;
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof ConnectException
                    || t instanceof HttpTimeoutException || t instanceof ApiClient.Unreachable) {
                return true;
            }
        }
        return false;
    }

    static int of(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case UNAUTHENTICATED, FORBIDDEN, REFUSED -> REFUSED;
        };
    }
}
