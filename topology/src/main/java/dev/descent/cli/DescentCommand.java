package dev.descent.cli;

import dev.descent.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code descent} command line: one subcommand per job. */
@Command(name = "descent",
        mixinStandardHelpOptions = true,
        version = "descent 0.1.0",
        description = "Online gradient-descent learners for house prices, on Kafka Streams.",
        subcommands = {DemoCommand.class, EvaluateCommand.class, GenerateCommand.class, RunCommand.class, BrokerCommand.class, ProduceCommand.class, ReplayCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class DescentCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DescentCommand());
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
