package org.examengine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.PackageSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-package", mixinStandardHelpOptions = true,
        description = {"Import a package of questions from a JSON or CSV file. The whole file is checked first: "
                + "a bad file is rejected with the line of the first problem and nothing is imported.",
                "CSV: question,option,option[,option...],correct  (correct = letter A.. or number 1..)"})
final class ImportPackageCli implements Runnable {

    @Parameters(paramLabel = "FILE", description = "A .json or .csv package file.")
    private Path file;

    @Option(names = "--id", description = "Package id (default: the file's id, or generated).")
    private String id;

    @Option(names = "--title", description = "Package title for a CSV file (default: the file name).")
    private String title;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Mixin
    private ServerOptions target;

    @Override
    public void run() {
        ImportPackageCommand command = PackageFiles.read(file, Cli.OPERATOR, id, title);
        try (Backend backend = target.open()) {
            PackageSummary summary = backend.importPackage(command);
            PrintWriter out = target.out();
            if (json) {
                Output.json(out, summary);
            } else {
                out.printf("imported package %s (%d questions, total weight %d)%n", summary.id(),
                        summary.questionCount(), summary.totalWeight());
            }
        }
    }
}
