package org.examengine.cli;

import java.io.PrintWriter;

import org.examengine.application.port.in.ResultsExport;
import org.examengine.http.ResultsCsv;

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
        ResultsCsv.write(out, export);
        out.flush();
    }
}
