package org.examengine.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;

import org.examengine.application.port.in.AssessmentSummary;
import org.examengine.application.port.in.FindAssessmentsQuery;
import org.examengine.domain.assessment.GroupStatus;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Search assessments by title, category, schedule date range and group status.")
final class HistoryCli implements Runnable {

    @Option(names = "--title", description = "Part of the title, any case.")
    private String title;

    @Option(names = "--category")
    private String category;

    @Option(names = "--from", description = "Earliest schedule date, e.g. 2026-03-01.")
    private LocalDate from;

    @Option(names = "--to", description = "Latest schedule date.")
    private LocalDate to;

    @Option(names = "--status", description = "Upcoming, Open or Closed (any case).")
    private GroupStatus status;

    @Option(names = "--limit", defaultValue = "100")
    private int limit;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Mixin
    private ServerOptions target;

    @Override
    public void run() {
        try (Backend backend = target.openExisting()) {
            List<AssessmentSummary> found = backend.history(
                    new FindAssessmentsQuery(Cli.OPERATOR, title, category, from, to, status, limit));
            PrintWriter out = target.out();
            if (json) {
                Output.json(out, found);
                return;
            }
            out.printf("%-34s %-10s %-28s %-12s %-8s %s%n", "ID", "DATE", "TITLE", "CATEGORY", "STATUS", "SESSIONS");
            for (AssessmentSummary a : found) {
                out.printf("%-34s %-10s %-28s %-12s %-8s %d%n", a.id(), a.scheduleDate(), a.title(), a.category(),
                        a.groupStatus().label(), a.sessionCount());
            }
        }
    }
}
