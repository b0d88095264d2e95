package org.examengine.cli;

import java.io.PrintWriter;

import org.examengine.domain.shared.ExamException;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command works: on the database itself ({@code --db}, the default) or through a running server
 * ({@code --server URL --token TOKEN}; the token may also come from the {@code EXAM_TOKEN} environment variable).
 */
final class ServerOptions {

    @Option(names = "--server", paramLabel = "URL", description = "Work through a running server, e.g. http://127.0.0.1:8080.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:EXAM_TOKEN}",
            description = "Bearer token for --server; default $EXAM_TOKEN, which, unlike this option, other users "
                    + "of the machine cannot read in the process list.")
    String token;

    @Mixin
    StorageOptions storage;

    // The command these options are mixed into: where it prints.
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The command's output. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The command's command line (for its usage errors). */
    CommandLine commandLine() {
        return command.commandLine();
    }

    /** The backend these options name; the caller closes it. */
    Backend open() {
        if (server == null) {
            return new LocalBackend(storage);
        }
        return remote();
    }

    /**
     * As {@link #open}, for commands that only read or act on what is stored: on the database, one that does not
     * exist yet is refused rather than created empty (a mistyped {@code --db} would otherwise look like no data).
     */
    Backend openExisting() {
        if (server == null) {
            storage.requireExisting();
            return new LocalBackend(storage);
        }
        return remote();
    }

    private Backend remote() {
        if (token == null || token.isBlank()) {
            throw ExamException.invalid("--server needs --token (or EXAM_TOKEN)");
        }
        return new RemoteBackend(new ApiClient(server, token));
    }
}
