package org.examengine.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runnable distribution. Exit codes: 0 ok, 1 refused transition, 2 usage error, 3 not found,
 * 4 connection failure, 5 any other failure.
 */
@Command(name = "exam-engine", mixinStandardHelpOptions = true, version = "exam-engine 0.1.0",
        description = "Scheduled, timed, multiple-choice assessments with live monitoring.",
        subcommands = {ServeCli.class, MigrateCli.class, ImportPackageCli.class, ScheduleCli.class, TokenCli.class, MonitorCli.class,
            SimulateCli.class,
            ResultsCli.class, HistoryCli.class, SessionHistoryCli.class, AuditCli.class, SessionActionsCli.ForceClose.class, SessionActionsCli.Reset.class,
            SessionActionsCli.Extend.class, DemoCli.class, CompletionCli.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  refused (the engine refused the transition, or the role does not allow it)",
            "  2  usage error or invalid input", "  3  not found", "  4  connection failure (database or server)",
            "  5  any other failure (for example a port already taken)"})
public final class ExamEngineCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The simple logger's level property; a value given on the command line ({@code -D}) is kept. */
    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String LOG_DATE_TIME = "org.slf4j.simpleLogger.showDateTime";

    public static void main(String[] args) {
        if (!serving(args) && System.getProperty(LOG_LEVEL) == null) {
            // The pool's and the migrations' progress belongs in a server's log; a one-shot command prints its
            // answer, or one error line, and nothing else.
            System.setProperty(LOG_LEVEL, "warn");
        }
        if (serving(args) && System.getProperty(LOG_DATE_TIME) == null) {
            // A server's log lines say when (an incident's line, a recovery, a stop).
            System.setProperty(LOG_DATE_TIME, "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Whether the command is {@code serve}, the first argument that is not an option. */
    static boolean serving(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().map("serve"::equals).orElse(false);
    }

    /** Runs the command line in-process and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ExamEngineCli());
        // `--status open` as well as the `Open` the tables print.
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        // A mistyped command line is one line too, naming where the options are, instead of the whole usage.
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine line = e.getCommandLine();
            String first = e.getMessage() == null ? "invalid command line" : e.getMessage().lines().findFirst()
                    .orElse("invalid command line");
            line.getErr().println("error: " + first + " (see '" + line.getCommandSpec().qualifiedName()
                    + " --help')");
            line.getErr().flush();
            return ExitCodes.USAGE;
        });
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
