package io.adamesh.cli;

import io.adamesh.cli.bench.BenchCommand;
import io.adamesh.cli.doctor.DoctorCommand;
import java.util.List;

/**
 * Every headless command, in the order {@code adamesh help} lists them. A feature that adds a
 * command appends it here (and only here).
 */
public final class CommandRegistry {
    private CommandRegistry() {}

    public static List<Command> commands() {
        return List.of(
                new DoctorCommand(),
                new BenchCommand(),
                new AnimateCommand(),
                new ExportCliCommand(),
                new RenderCommand(),
                new BatchCommand(),
                new TrackCommand(),
                new AdaptCommand(),
                new SpeakersCommand(),
                new AdaptEvalCommand());
    }
}
