package org.examengine.cli;

import java.io.PrintWriter;
import java.time.Instant;

import org.examengine.application.port.in.AuditLogEntry;
import org.examengine.application.port.in.SessionHistory;
import org.examengine.domain.shared.SessionId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "session-history", mixinStandardHelpOptions = true,
        description = "A session's earlier attempts (kept when it was reset) and its audit events, oldest first.")
final class SessionHistoryCli implements Runnable {

    @Parameters(paramLabel = "SESSION", description = "Session id.")
    private String session;

    @Option(names = "--json", description = "Print the history as JSON.")
    private boolean json;

    @Mixin
    private ServerOptions target;

    @Override
    public void run() {
        SessionId id = SessionId.of(session);
        try (Backend backend = target.openExisting()) {
            SessionHistory h = backend.sessionHistory(id);
            PrintWriter out = target.out();
            if (json) {
                Output.json(out, h);
                return;
            }
            out.printf("Session %s of %s, participant %s: attempt %d, %s%n", h.sessionId(), h.assessmentId(),
                    h.participantId(), h.attempt(), h.status().label());
            out.println(h.attempts().isEmpty() ? "No earlier attempt." : "Earlier attempts:");
            for (SessionHistory.PastAttempt a : h.attempts()) {
                out.printf("  %d  %-10s closed by %-6s started %-27s completed %-27s score %s %s, %d answered%n",
                        a.attempt(), a.status().label(), a.closedBy(), text(a.startedAt()), text(a.completedAt()),
                        a.scorePercent() == null ? "-" : a.scorePercent() + "%", a.result() == null ? "" : a.result(),
                        a.answeredCount());
            }
            out.println("Events:");
            for (AuditLogEntry e : h.events()) {
                out.printf("  %-27s %-22s %s (%s) %s -> %s%s%n", e.at(), e.action(), e.actorId(), e.actorRole(),
                        e.before(), e.after(), e.detail() == null ? "" : ", " + e.detail());
            }
        }
    }

    private static String text(Instant at) {
        return at == null ? "-" : at.toString();
    }
}
