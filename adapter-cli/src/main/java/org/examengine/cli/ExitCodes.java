package org.examengine.cli;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.DateTimeException;
import java.sql.SQLException;

import org.examengine.application.port.out.CommitOutcomeUnknownException;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/** The documented exit codes, derived from an error's kind. */
final class ExitCodes {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int CONNECTION = 4;
    static final int FAILED = 5;

    private ExitCodes() {
    }

    /**
     * The exit code for a failure: the engine's error kind, a connection failure, a usage error, or 5 for anything
     * else (a port already taken, a disk that fails).
     */
    static int of(Throwable e) {
        if (e instanceof ExamException ex) {
            return of(ex.code());
        }
        if (e instanceof ApiClient.RemoteFailure remote) {
            return remote.exitCode();
        }
        if (causedBy(e, CommitOutcomeUnknownException.class)) {
            // Not to be retried blindly, as a connection failure may be: the change may have been made.
            return FAILED;
        }
        if (isConnectionFailure(e)) {
            return CONNECTION;
        }
        // A file that cannot be read, an option value that does not parse (a URL, a port, a number), a time or a
        // host out of reach of what it names.
        if (e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof DateTimeException || e instanceof ArithmeticException
                || causedBy(e, UnresolvedAddressException.class)) {
            return USAGE;
        }
        // Anything else is not the engine refusing: a failure of this machine or of the command itself.
        return FAILED;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** One readable line: the engine's message, or the innermost cause of an infrastructure failure. */
    static String message(Throwable e) {
        if (e instanceof ExamException || e instanceof ApiClient.RemoteFailure
                || e instanceof ServerAssembly.CannotListen) {
            return e.getMessage();
        }
        if (e instanceof ApiClient.Unreachable unreachable) {
            // "cannot reach http://...": with what went wrong, as the JDK's exceptions here often carry no message.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String why = root instanceof ConnectException || root instanceof ClosedChannelException
                    ? "connection refused or closed" : root.getMessage() == null ? describe(root) : root.getMessage();
            return "cannot connect: " + unreachable.getMessage() + " (" + why.lines().findFirst().orElse(why) + ")";
        }
        if (databaseInUse(e)) {
            return "cannot connect: the database is in use by another process, such as a running server; stop it, or "
                    + "send the command to that server with --server URL --token TOKEN";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String text = root instanceof FileSystemException file ? describeFile(file)
                : root.getMessage() == null ? describe(root) : root.getMessage();
        String first = text.lines().findFirst().orElse(text);
        return (isConnectionFailure(e) ? "cannot connect: " : "") + first;
    }

    /** A readable line for the exceptions that carry no message. */
    private static String describe(Throwable e) {
        if (e instanceof UnresolvedAddressException) {
            return "the host name does not resolve to an address";
        }
        return e.getClass().getSimpleName();
    }

    /** The message of a file system failure, which is the path alone, with what went wrong with it. */
    private static String describeFile(FileSystemException e) {
        String what = e instanceof NoSuchFileException ? "no such file" : e instanceof AccessDeniedException
                ? "cannot read" : e instanceof NotDirectoryException ? "not a directory" : "cannot use";
        return what + ": " + e.getFile() + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
    }

    /** H2's refusal of a database file that another process holds open (its error 90020). */
    private static boolean databaseInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "90020".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable e) {
        return causedBy(e, SQLException.class) || causedBy(e, ConnectException.class)
                || causedBy(e, HttpTimeoutException.class) || causedBy(e, ApiClient.Unreachable.class);
    }

    static int of(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case UNAUTHENTICATED, FORBIDDEN, REFUSED -> REFUSED;
            case UNAVAILABLE -> CONNECTION;
        };
    }
}
