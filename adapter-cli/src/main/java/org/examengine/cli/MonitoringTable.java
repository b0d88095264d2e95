package org.examengine.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.domain.session.SessionStatus;

/** Renders a monitoring snapshot as a fixed-width terminal table. */
final class MonitoringTable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String ROW = "%-14s %-9s %-11s %7s %-6s %9s  %s%n";

    private MonitoringTable() {
    }

    static void print(PrintWriter out, MonitoringSnapshot s) {
        out.printf("%s  [%s]  %s  group %s%n", s.title(), s.category(), s.scheduleDate(), s.groupStatus().label());
        out.printf(ROW, "Name", "Progress", "Status", "Score", "Result", "Remaining", "Online");
        for (MonitoringRow r : s.sessions()) {
            out.printf(ROW, r.name(), r.progress() + "/" + r.totalQuestions(), r.status().label(),
                    r.score() == null ? "" : String.format("%.1f", r.score()), r.result() == null ? "" : r.result(),
                    remaining(r.remainingSeconds()), r.status() == SessionStatus.IN_PROGRESS ? (r.online() ? "yes" : "no") : "");
        }
        StringBuilder summary = new StringBuilder();
        s.summary().forEach((status, n) -> {
            if (n > 0) {
                summary.append(status.label()).append(' ').append(n).append("  ");
            }
        });
        out.printf("%s| Last updated %s%n", summary, CLOCK.format(s.asOf()));
        out.flush();
    }

    static String remaining(Long seconds) {
        if (seconds == null) {
            return "\u2014";
        }
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
