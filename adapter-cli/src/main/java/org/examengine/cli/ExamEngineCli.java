package org.examengine.cli;

import java.io.PrintWriter;

import org.examengine.domain.shared.ExamException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runnable distribution. Exit codes: 0 ok, 1 refused transition, 2 usage error, 3 not found,
 * 4 connection failure.
 */
@Command(name = "exam-engine", mixinStandardHelpOptions = true, version = "exam-engine 0.1.0",
        description = "Scheduled, timed, multiple-choice assessments with live monitoring.",
        subcommands = {DemoCli.class, CommandLine.HelpCommand.class})
public final class ExamEngineCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line in-process and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ExamEngineCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            return e instanceof ExamException ex ? ExitCodes.of(ex.code()) : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
