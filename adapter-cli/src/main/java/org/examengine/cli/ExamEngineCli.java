package org.examengine.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runnable distribution. Exit codes: 0 ok, 1 refused transition, 2 usage error, 3 not found,
 * 4 connection failure.
 */
@Command(name = "exam-engine", mixinStandardHelpOptions = true, version = "exam-engine 0.1.0",
        description = "Scheduled, timed, multiple-choice assessments with live monitoring.",
        subcommands = {ServeCli.class, MigrateCli.class, ImportPackageCli.class, ScheduleCli.class, TokenCli.class, MonitorCli.class,
            SimulateCli.class,
            ResultsCli.class, HistoryCli.class, SessionHistoryCli.class, AuditCli.class, SessionActionsCli.ForceClose.class, SessionActionsCli.Reset.class,
            SessionActionsCli.Extend.class, DemoCli.class, CompletionCli.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  refused (the engine refused the transition, or the role does not allow it)",
            "  2  usage error or invalid input", "  3  not found", "  4  connection failure (database or server)"})
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
            line.getErr().println("error: " + ExitCodes.message(e));
            line.getErr().flush();
            return ExitCodes.of(e);
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
