package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliTest {
    /** Records what it was given and returns a fixed status. */
    static final class Probe implements Command {
        final List<CommandArgs> calls = new ArrayList<>();
        @Override public String name() { return "probe"; }
        @Override public String summary() { return "test command"; }
        @Override public Set<String> flags() { return Set.of("--loud"); }
        @Override public Set<String> valuedOptions() { return Set.of("--only"); }
        @Override public int run(CommandArgs args, CliIo io) {
            calls.add(args);
            io.out().println("probe ran");
            return 7;
        }
    }

    static final class Failing implements Command {
        @Override public String name() { return "fail"; }
        @Override public String summary() { return "always throws"; }
        @Override public int run(CommandArgs args, CliIo io) { throw new IllegalStateException("disk on fire"); }
    }

    private static CliRunner.Result run(Cli cli, String... args) {
        return CliRunner.run(cli, args);
    }

    private final Probe probe = new Probe();
    private final Cli cli = new Cli(List.of(probe, new Failing()), Path.of("."));

    @Test void dispatchesToTheNamedCommandAndReturnsItsStatus() {
        CliRunner.Result run = run(cli, "probe", "--loud", "--only", "a, b");
        assertEquals(7, run.status());
        assertEquals("probe ran\n", run.out());
        assertTrue(probe.calls.getFirst().has("--loud"));
        assertEquals(List.of("a", "b"), probe.calls.getFirst().list("--only"));
    }

    @Test void acceptsOptionValuesAfterAnEqualsSign() {
        run(cli, "probe", "--only=x");
        assertEquals(List.of("x"), probe.calls.getFirst().list("--only"));
    }

    @Test void unknownCommandPrintsUsageToStderrAndExits2() {
        CliRunner.Result run = run(cli, "frobnicate");
        assertEquals(Cli.USAGE, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().contains("unknown command 'frobnicate'"), run.err());
        assertTrue(run.err().contains("usage:"), run.err());
        assertTrue(run.err().contains("probe"), run.err());
    }

    @Test void unknownOptionExits2WithoutRunningTheCommand() {
        CliRunner.Result run = run(cli, "probe", "--quiet");
        assertEquals(Cli.USAGE, run.status());
        assertTrue(run.err().contains("unknown option --quiet"), run.err());
        assertTrue(probe.calls.isEmpty());
    }

    @Test void optionMissingItsValueExits2() {
        assertEquals(Cli.USAGE, run(cli, "probe", "--only").status());
    }

    @Test void unexpectedPositionalExits2() {
        assertEquals(Cli.USAGE, run(cli, "probe", "extra").status());
    }

    @Test void commandThatThrowsExits1WithItsMessage() {
        CliRunner.Result run = run(cli, "fail");
        assertEquals(Cli.FAILED, run.status());
        assertTrue(run.err().contains("disk on fire"), run.err());
    }

    @Test void helpListsEveryCommandOnStdout() {
        CliRunner.Result run = run(cli, "help");
        assertEquals(Cli.OK, run.status());
        for (String name : List.of("help", "version", "probe", "fail")) {
            assertTrue(run.out().contains(name), run.out());
        }
        assertEquals(Cli.OK, run(cli, "--help").status());
    }

    @Test void helpForOneCommandShowsItsUsage() {
        CliRunner.Result run = run(cli, "help", "probe");
        assertEquals(Cli.OK, run.status());
        assertTrue(run.out().contains("usage: adamesh probe"), run.out());
        assertEquals(Cli.USAGE, run(cli, "help", "nothing").status());
    }

    @Test void versionPrintsTheVersion() {
        CliRunner.Result run = run(cli, "version");
        assertEquals(Cli.OK, run.status());
        assertEquals("AdaMesh Studio " + Version.NUMBER + "\n", run.out());
    }

    @Test void noArgumentsIsAUsageError() {
        assertEquals(Cli.USAGE, run(cli).status());
    }

    @Test void standardCliHasDoctorAndBench() {
        List<String> names = Cli.standard().commands().stream().map(Command::name).toList();
        assertTrue(names.containsAll(List.of("help", "version", "doctor", "bench")), names.toString());
    }

    @Test void twoCommandsWithOneNameAreRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new Cli(List.of(new Probe(), new Probe()), Path.of(".")));
    }
}
