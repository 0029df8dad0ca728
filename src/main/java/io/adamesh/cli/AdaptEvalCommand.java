package io.adamesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.adapt.AdaptEvaluation;
import io.adamesh.adapt.AdaptRequest;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.face.FaceModel;
import io.adamesh.files.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code adamesh adapt-eval DATA [--speakers a,b] [--size WxH] [--steps N] [--lr X] [--json FILE]
 * [--keep-videos DIR]}: the studio-path adaptation evaluation on held-out synthetic speakers exported by
 * {@code python3 -m adamesh_training.export_adapt_eval}; prints a table, writes JSON.
 */
final class AdaptEvalCommand implements Command {
    @Override public String name() { return "adapt-eval"; }

    @Override public String summary() { return "evaluate adaptation through the studio path on held-out synthetic speakers"; }

    @Override public String usage() {
        return "DATA_DIR [--speakers spk03,spk09] [--size 1280x720] [--steps N] [--lr X] [--json FILE] [--keep-videos DIR] [--trusted CH1,CH2|none] [--calibrate OUT_DIR]"
                + " [--bundle DIR] [--head HEAD.npz]";
    }

    @Override public Set<String> valuedOptions() {
        return Set.of("--calibrate", "--trusted", "--speakers", "--size", "--steps", "--lr", "--json", "--keep-videos", "--bundle", "--head");
    }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        if (args.positionals().size() != 1) {
            throw new UsageException("adapt-eval takes the folder written by export_adapt_eval");
        }
        Path data = Path.of(args.positionals().get(0));
        String[] size = args.value("--size").orElse("1280x720").split("x");
        if (size.length != 2) {
            throw new UsageException("--size must be WIDTHxHEIGHT, e.g. 1280x720");
        }
        var d = AdaptEvaluation.Options.defaults();
        var o = new AdaptEvaluation.Options(AdaptCommand.integer(size[0], "--size"), AdaptCommand.integer(size[1], "--size"),
                AdaptRequest.DEFAULT_SECONDS,
                AdaptCommand.integer(args.value("--steps").orElse(String.valueOf(d.maxSteps())), "--steps"),
                Float.parseFloat(args.value("--lr").orElse(String.valueOf(d.learningRate()))),
                args.value("--keep-videos").map(Path::of).orElse(null),
                args.value("--trusted").map(t -> t.isBlank() || t.equals("none") ? List.<String>of() : List.of(t.split(",")))
                        .orElse(d.trustedChannels()));
        List<String> only = args.value("--speakers").map(s -> List.of(s.split(","))).orElse(List.of());
        Path bundleDir = args.value("--bundle").map(Path::of).orElseGet(() -> StudioHome.resolve("models/default"));
        Path headFile = args.value("--head").map(Path::of).orElseGet(() -> StudioHome.resolve("assets/openhead.npz"));
        FaceModel face = FaceModel.load(headFile);
        try (AnimationEngine engine = AnimationEngine.open(bundleDir, face, false)) {
            var eval = new AdaptEvaluation(engine.bundle(), engine.pose(), engine.face());
            if (args.value("--calibrate").isPresent()) {
                eval.calibrate(data, Path.of(args.value("--calibrate").get()), o, io.out());
                return 0;
            }
            var report = eval.run(data, only, o, io.out());
            String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
            if (args.value("--json").isPresent()) {
                AtomicFiles.write(Path.of(args.value("--json").get()), out -> out.write(text.getBytes()));
            } else {
                io.out().println(text);
            }
        }
        return 0;
    }
}
