package dev.descent.cli;

import dev.descent.UserException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code descent} command line: one subcommand per job. */
@Command(name = "descent",
        mixinStandardHelpOptions = true,
        version = "descent 0.1.0",
        description = "Online gradient-descent learners for house prices, on Kafka Streams.",
        subcommands = {DemoCommand.class, EvaluateCommand.class, GenerateCommand.class, RunCommand.class, BrokerCommand.class, ProduceCommand.class, ReplayCommand.class, BenchCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class})
public final class DescentCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** A mistyped command gets the nearest one suggested; anything else is said as picocli says it. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException u && cli.getCommandSpec().parent() == null
                && !u.isUnknownOption() && !u.getUnmatched().isEmpty()) {
            String typed = u.getUnmatched().get(0);
            String nearest = CommandNames.nearest(typed, cli.getSubcommands().keySet());
            err.println("descent: unknown command '" + typed + "'" + (nearest == null ? "" : "; did you mean '" + nearest + "'?"));
            err.println("commands: " + String.join(", ", cli.getSubcommands().keySet()) + " (descent COMMAND --help for one)");
        } else {
            err.println(cli.getCommandName() + ": " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        }
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DescentCommand());
        cli.setParameterExceptionHandler(DescentCommand::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String prefix = commandLine.getCommandName();
            if (e instanceof UserException) {
                commandLine.getErr().println(prefix + ": " + e.getMessage());
            } else {
                commandLine.getErr().println(prefix + ": unexpected error: " + e);
            }
            commandLine.getErr().flush();
            return 1;
        });
        return cli;
    }
}
