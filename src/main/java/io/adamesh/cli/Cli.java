package io.adamesh.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code adamesh <command> [args]} to a {@link Command}. {@code help} and
 * {@code version} are built in; everything else comes from {@link CommandRegistry}.
 * Exit status: the command's own, 1 when it throws, 2 for usage errors.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Path home;

    public Cli(List<Command> featureCommands, Path home) {
        this.home = home;
        register(new HelpCommand());
        register(new VersionCommand());
        featureCommands.forEach(this::register);
    }

    /** The CLI with every registered command, serving the located installation. */
    public static Cli standard() {
        return new Cli(CommandRegistry.commands(), StudioHome.locate());
    }

    private void register(Command command) {
        if (commands.putIfAbsent(command.name(), command) != null) {
            throw new IllegalStateException("two commands named " + command.name());
        }
    }

    public List<Command> commands() {
        return List.copyOf(commands.values());
    }

    public Optional<Command> find(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        CliIo io = new CliIo(out, err, home);
        if (args.length == 0) {
            printUsage(err);
            return USAGE;
        }
        String name = switch (args[0]) {
            case "-h", "--help" -> "help";
            case "--version" -> "version";
            default -> args[0];
        };
        Command command = commands.get(name);
        if (command == null) {
            err.println("adamesh: unknown command '" + args[0] + "'");
            printUsage(err);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return command.run(CommandArgs.parse(rest, command), io);
        } catch (UsageException e) {
            err.println("adamesh " + command.name() + ": " + e.getMessage());
            err.println("usage: " + usageLine(command));
            return USAGE;
        } catch (Exception e) {
            LOG.debug("command {} failed", command.name(), e);
            err.println("adamesh " + command.name() + ": " + describe(e));
            return FAILED;
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static String usageLine(Command command) {
        return ("adamesh " + command.name() + " " + command.usage()).strip();
    }

    void printUsage(PrintStream stream) {
        stream.println("usage: adamesh                 open the studio");
        stream.println("       adamesh <command> ...  run a command without the studio");
        stream.println();
        stream.println("commands:");
        int width = commands.values().stream().mapToInt(c -> usageLine(c).length()).max().orElse(0);
        for (Command command : commands.values()) {
            String line = usageLine(command).substring("adamesh ".length());
            stream.printf("  %-" + (width - "adamesh ".length() + 2) + "s %s%n", line, command.summary());
        }
    }

    private final class HelpCommand implements Command {
        @Override public String name() { return "help"; }
        @Override public String summary() { return "list commands, or show one command's usage"; }
        @Override public String usage() { return "[command]"; }
        @Override public boolean acceptsPositionals() { return true; }

        @Override
        public int run(CommandArgs args, CliIo io) throws UsageException {
            if (args.positionals().isEmpty()) {
                printUsage(io.out());
                return OK;
            }
            String wanted = args.positionals().getFirst();
            Command command = commands.get(wanted);
            if (command == null) {
                throw new UsageException("no command named '" + wanted + "'");
            }
            io.out().println("usage: " + usageLine(command));
            io.out().println(command.summary());
            return OK;
        }
    }

    private static final class VersionCommand implements Command {
        @Override public String name() { return "version"; }
        @Override public String summary() { return "print the AdaMesh Studio version"; }

        @Override
        public int run(CommandArgs args, CliIo io) {
            io.out().println("AdaMesh Studio " + Version.NUMBER);
            return OK;
        }
    }
}
