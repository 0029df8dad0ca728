package io.adamesh.cli.bench;

import java.util.List;

/**
 * Every bench section, in output order. A feature that measures something appends its section
 * here (and only here). {@link MachineSection} always runs, even with {@code --only}.
 */
public final class BenchRegistry {
    private BenchRegistry() {}

    public static List<BenchSection> sections() {
        return List.of(
                new MachineSection(),
                new StartupSection(),
                new RigBench(),
                new AudioBench(),
                new io.adamesh.cli.ExportBench(),
                new TrackingBench(),
                new TimelineBench(),
                new AnimateBench(),
                new AdaptBench());
    }
}
