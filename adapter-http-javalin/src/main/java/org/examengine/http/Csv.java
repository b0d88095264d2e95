package org.examengine.http;

import java.util.List;

import org.examengine.application.port.in.ResultsExport;

/**
 * The results export as RFC 4180 CSV with a header row. Text cells that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or carriage return) get a leading apostrophe.
 */
final class Csv {

    private static final List<String> HEADER = List.of("sessionId", "participantId", "name", "employeeNumber",
            "status", "attempt", "score", "result", "answered", "total", "startedAt", "completedAt", "closedBy");

    private Csv() {
    }

    static String of(ResultsExport export) {
        StringBuilder out = new StringBuilder();
        line(out, HEADER);
        for (ResultsExport.Row row : export.rows()) {
            line(out, List.of(row.sessionId().value(), text(row.participantId().value()), text(row.name()),
                    text(row.employeeNumber()), row.status().label(), Integer.toString(row.attempt()),
                    row.score() == null ? "" : row.score().toString(), row.result() == null ? "" : row.result(),
                    Integer.toString(row.answered()), Integer.toString(row.total()),
                    row.startedAt() == null ? "" : row.startedAt().toString(),
                    row.completedAt() == null ? "" : row.completedAt().toString(),
                    row.closedBy() == null ? "" : row.closedBy().name()));
        }
        return out.toString();
    }

    private static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        out.append("\r\n");
    }
}
