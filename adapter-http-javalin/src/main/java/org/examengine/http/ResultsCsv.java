package org.examengine.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.examengine.application.port.in.ResultsExport;

/**
 * The results export as RFC 4180 CSV with a header row, as the API serves it and the command line prints it. Text
 * cells that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or carriage return) get a
 * leading apostrophe: names and ids come from the people who scheduled the exam, not from the reader.
 */
public final class ResultsCsv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader("sessionId", "participantId",
            "name", "employeeNumber", "status", "attempt", "score", "result", "answered", "total", "startedAt",
            "completedAt", "closedBy").get();

    private ResultsCsv() {
    }

    /** Writes {@code export} to {@code out}. */
    public static void write(Appendable out, ResultsExport export) {
        try {
            CSVPrinter csv = new CSVPrinter(out, FORMAT);
            for (ResultsExport.Row r : export.rows()) {
                csv.printRecord(r.sessionId(), text(r.participantId().value()), text(r.name()),
                        text(r.employeeNumber()), r.status().label(), r.attempt(), r.score(), r.result(), r.answered(),
                        r.total(), r.startedAt(), r.completedAt(), r.closedBy());
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code export} as CSV text. */
    public static String of(ResultsExport export) {
        StringWriter out = new StringWriter();
        write(out, export);
        return out.toString();
    }

    private static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
