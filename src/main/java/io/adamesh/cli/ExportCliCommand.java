package io.adamesh.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code adamesh export clip.json --format fbx|abc|glb|csv -o file ...}: see {@link ExportCommand}. */
final class ExportCliCommand implements Command {
    private static final List<String> VALUED = List.of("--format", "-o", "--output", "--fps", "--range", "--scale", "--up", "--head");

    @Override public String name() { return "export"; }

    @Override public String summary() { return "export a clip to FBX, Alembic, glTF or ARKit CSV"; }

    @Override public String usage() {
        return "CLIP.json --format fbx|abc|glb|csv -o FILE [--fps 24|25|30|60] [--range A:B] [--scale m|cm] [--up y|z] [--bake-head-pose] [--head HEAD.npz]";
    }

    @Override public Set<String> flags() { return Set.of("--bake-head-pose"); }

    @Override public Set<String> valuedOptions() { return Set.copyOf(VALUED); }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) {
        List<String> raw = new ArrayList<>(args.positionals());
        for (String option : VALUED) {
            args.value(option).ifPresent(v -> {
                raw.add(option);
                raw.add(v);
            });
        }
        if (args.has("--bake-head-pose")) raw.add("--bake-head-pose");
        return ExportCommand.run(raw.toArray(String[]::new), io.err());
    }
}
