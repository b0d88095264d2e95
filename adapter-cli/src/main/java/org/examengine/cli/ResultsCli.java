package org.examengine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.examengine.application.port.in.ResultsExport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Export an assessment's results, one row per session (no e-mail addresses).")
final class ResultsCli implements Runnable {

    enum Format { csv, json }

    @Mixin
    private AssessmentOptions assessment;

    @Option(names = "--format", defaultValue = "csv", description = "csv (default) or json.")
    private Format format;

    @Option(names = "--json", description = "Same as --format json.")
    private boolean json;

    @Mixin
    private ServerOptions target;

    @Override
    public void run() {
        try (Backend backend = target.openExisting()) {
            ResultsExport export = backend.results(assessment.ref());
            PrintWriter out = target.out();
            if (json || format == Format.json) {
                Output.json(out, export);
            } else {
                csv(out, export);
            }
        }
    }

    static void csv(PrintWriter out, ResultsExport export) {
        try {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("sessionId", "participantId",
                    "name", "employeeNumber", "status", "attempt", "score", "result", "answered", "total", "startedAt",
                    "completedAt", "closedBy").get());
            for (ResultsExport.Row r : export.rows()) {
                csv.printRecord(r.sessionId(), r.participantId(), r.name(), r.employeeNumber(), r.status().label(),
                        r.attempt(), r.score(), r.result(), r.answered(), r.total(), r.startedAt(), r.completedAt(),
                        r.closedBy());
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
