package org.examengine.cli;

import java.io.PrintWriter;
import java.util.List;

import org.examengine.application.port.in.AuditLogEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The latest events of the audit log, of every kind, newest first (ADMIN).")
final class AuditCli implements Runnable {

    @Option(names = "--limit", paramLabel = "N", description = "How many events, 1 to 1000 (default: 100).")
    private Integer limit;

    @Option(names = "--json", description = "Print the events as JSON.")
    private boolean json;

    @Mixin
    private ServerOptions target;

    @Override
    public void run() {
        try (Backend backend = target.openExisting()) {
            List<AuditLogEntry> events = backend.auditLog(limit);
            PrintWriter out = target.out();
            if (json) {
                Output.json(out, events);
                return;
            }
            if (events.isEmpty()) {
                out.println("The audit log is empty.");
            }
            for (AuditLogEntry e : events) {
                out.printf("%-27s %-22s %s (%s)%s%s%s%s%n", e.at(), e.action(), e.actorId(), e.actorRole(),
                        e.assessmentId() == null ? "" : " assessment " + e.assessmentId(),
                        e.sessionId() == null ? "" : " session " + e.sessionId(),
                        e.before() == null && e.after() == null ? "" : " " + e.before() + " -> " + e.after(),
                        e.detail() == null ? "" : ", " + e.detail());
            }
        }
    }
}
