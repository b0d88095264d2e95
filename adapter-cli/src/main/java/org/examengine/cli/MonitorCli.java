package org.examengine.cli;

import java.io.PrintWriter;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.persistence.jdbi.JdbiExamStorage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Watch an assessment live: the monitoring table, redrawn in place until the group is Closed "
                + "(or Ctrl-C).")
final class MonitorCli implements Runnable {

    @Mixin
    private AssessmentOptions assessment;

    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS",
            description = "Seconds between refreshes (1-60), default ${DEFAULT-VALUE}.")
    private int interval;

    @Option(names = "--once", description = "Print one snapshot and exit.")
    private boolean once;

    @Option(names = "--json", description = "Print snapshots as JSON (implies --once).")
    private boolean json;

    @Mixin
    private StorageOptions storage;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        if (interval < 1 || interval > 60) {
            throw new ParameterException(spec.commandLine(), "--interval must be 1-60");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean redraw = System.console() != null;
        try (JdbiExamStorage db = storage.open()) {
            ExamEngine engine = StorageOptions.engine(db);
            MonitoringQuery query = new MonitoringQuery(Cli.OPERATOR, assessment.ref());
            long lastVersion = -1;
            while (true) {
                MonitoringSnapshot snapshot = engine.monitoring().getMonitoringProgress(query);
                if (json) {
                    Output.json(out, snapshot);
                    return;
                }
                // Redraw every time while something runs: remaining times and online flags change with the clock.
                if (redraw) {
                    out.print("\u001b[H\u001b[2J");
                } else if (lastVersion >= 0) {
                    out.println();
                }
                MonitoringTable.print(out, snapshot);
                lastVersion = snapshot.version();
                if (once || snapshot.groupStatus() == GroupStatus.CLOSED) {
                    return;
                }
                try {
                    Thread.sleep(interval * 1_000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
