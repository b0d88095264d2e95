package org.examengine.cli;

import java.io.PrintWriter;

import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.domain.shared.SessionId;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** HC's actions on one session; each prints the session's monitoring row afterwards. */
final class SessionActionsCli {

    private SessionActionsCli() {
    }

    /** What every session action shares: the session id, where to act, and the output. */
    abstract static class Action implements Runnable {
        @Parameters(paramLabel = "SESSION", description = "Session id.")
        String session;

        @Option(names = "--json", description = "Print the session's row as JSON.")
        boolean json;

        @Mixin
        ServerOptions target;

        abstract MonitoringRow act(Backend backend, SessionId id);

        @Override
        public void run() {
            SessionId id = SessionId.of(session);
            try (Backend backend = target.openExisting()) {
                MonitoringRow row = act(backend, id);
                PrintWriter out = target.out();
                if (json) {
                    Output.json(out, row);
                } else {
                    out.printf("%s %s: %s, %d/%d answered, remaining %s%n", row.name(), row.sessionId(),
                            row.status().label(), row.progress(), row.totalQuestions(),
                            MonitoringTable.remaining(row.remainingSeconds()));
                }
            }
        }
    }

    @Command(name = "force-close", mixinStandardHelpOptions = true,
            description = "Close a session now: NotStarted becomes Abandoned, a started one Completed and graded.")
    static final class ForceClose extends Action {
        @Override
        MonitoringRow act(Backend backend, SessionId id) {
            return backend.forceClose(id);
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Give a closed session a new attempt; the previous one is kept as history.")
    static final class Reset extends Action {
        @Override
        MonitoringRow act(Backend backend, SessionId id) {
            return backend.reset(id);
        }
    }

    @Command(name = "extend", mixinStandardHelpOptions = true, description = "Add minutes to one worker's deadline.")
    static final class Extend extends Action {
        @Option(names = "--minutes", required = true, description = "1 to 600.")
        int minutes;

        @Override
        MonitoringRow act(Backend backend, SessionId id) {
            // Validates the minutes before anything is sent.
            new ExtendTimeCommand(Cli.OPERATOR, id, minutes);
            return backend.extend(id, minutes);
        }
    }
}
