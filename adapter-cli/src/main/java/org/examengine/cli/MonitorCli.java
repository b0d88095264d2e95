package org.examengine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.domain.assessment.GroupStatus;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Watch an assessment live: the monitoring table, redrawn in place until the group is Closed "
                + "(or Ctrl-C).",
                "With --server it follows the server's push channel; on the database it re-reads every --interval."})
final class MonitorCli implements Runnable {

    @Mixin
    private AssessmentOptions assessment;

    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS",
            description = "Seconds between reads of the database (1-60), default ${DEFAULT-VALUE}.")
    private int interval;

    @Option(names = "--once", description = "Print one snapshot and exit.")
    private boolean once;

    @Option(names = "--json", description = "Print one snapshot as JSON and exit.")
    private boolean json;

    @Mixin
    private ServerOptions target;

    @Override
    public void run() {
        if (interval < 1 || interval > 60) {
            throw new ParameterException(target.commandLine(), "--interval must be 1-60");
        }
        PrintWriter out = target.out();
        boolean redraw = System.console() != null;
        try (Backend backend = target.openExisting()) {
            MonitoringSnapshot first = backend.monitoring(assessment.ref());
            if (json) {
                Output.json(out, first);
                return;
            }
            if (once || first.groupStatus() == GroupStatus.CLOSED) {
                MonitoringTable.print(out, first);
                return;
            }
            if (backend instanceof RemoteBackend) {
                new LiveMonitor(new ApiClient(target.server, target.token), first.assessmentId().value())
                        .run(s -> draw(out, s, redraw));
                return;
            }
            MonitoringSnapshot snapshot = first;
            while (true) {
                draw(out, snapshot, redraw);
                if (snapshot.groupStatus() == GroupStatus.CLOSED) {
                    return;
                }
                Thread.sleep(interval * 1_000L);
                snapshot = backend.monitoring(assessment.ref());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Draws the table as one write: the standard output flushes at every line, so a table printed line by line
     * would show a terminal the cleared screen and then one line after another.
     */
    private static void draw(PrintWriter out, MonitoringSnapshot snapshot, boolean redraw) {
        StringWriter frame = new StringWriter();
        PrintWriter table = new PrintWriter(frame);
        if (redraw) {
            table.print("\u001b[H\u001b[2J");
        } else {
            table.println();
        }
        MonitoringTable.print(table, snapshot);
        out.print(frame);
        out.flush();
    }
}
