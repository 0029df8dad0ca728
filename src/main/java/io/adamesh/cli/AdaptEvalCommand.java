package io.adamesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.adapt.AdaptEvaluation;
import io.adamesh.adapt.Adapter;
import io.adamesh.adapt.AdaptRequest;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.face.FaceModel;
import io.adamesh.files.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
                + " [--strength X] [--min-r2 X] [--decay X] [--ranks 2,4,8] [--targets frames|moments]"
                + " [--variants 'NAME:steps=N,lr=X,strength=X,min-r2=X,decay=X,ranks=2+4,targets=moments;NAME2:...']"
                + " [--bundle DIR] [--head HEAD.npz]";
    }

    @Override public Set<String> valuedOptions() {
        return Set.of("--calibrate", "--trusted", "--speakers", "--size", "--steps", "--lr", "--json", "--keep-videos", "--bundle", "--head",
                "--strength", "--min-r2", "--decay", "--ranks", "--targets", "--variants");
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
        var t = Adapter.DEFAULT_TUNING;
        o = o.with(o.maxSteps(), o.learningRate(), new Adapter.Tuning(
                number(args.value("--strength").orElse(null), t.targetStrength(), "--strength"),
                number(args.value("--min-r2").orElse(null), t.minReliability(), "--min-r2"),
                (float) number(args.value("--decay").orElse(null), t.decay(), "--decay"),
                args.value("--ranks").isPresent() ? ranks(args.value("--ranks").get(), "--ranks") : t.ranks(),
                args.value("--targets").isPresent() ? targets(args.value("--targets").get(), "--targets") : t.moments()));
        Map<String, AdaptEvaluation.Options> variants = new LinkedHashMap<>();
        if (args.value("--variants").isPresent()) {
            for (String v : args.value("--variants").get().split(";")) {
                if (v.isBlank()) {
                    continue;
                }
                String[] nv = v.split(":", 2);
                variants.put(nv[0].strip(), variant(o, nv.length > 1 ? nv[1] : ""));
            }
        } else {
            variants.put("", o);
        }
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
            Object report;
            if (variants.size() == 1 && variants.containsKey("")) {
                report = eval.run(data, only, o, io.out());
            } else {
                // several settings: render and track each speaker once, adapt it once per setting
                Path tmp = Files.createTempDirectory("adamesh-adapt-eval");
                eval.reuseTracking(o.keepVideos() != null ? o.keepVideos() : tmp);
                ObjectNode all = new ObjectMapper().createObjectNode();
                try {
                    for (var e : variants.entrySet()) {
                        io.out().println("== variant " + e.getKey() + ": steps " + e.getValue().maxSteps() + ", lr "
                                + e.getValue().learningRate() + ", " + e.getValue().tuning());
                        all.set(e.getKey(), eval.run(data, only, e.getValue(), io.out()));
                    }
                } finally {
                    if (o.keepVideos() == null) {
                        try (var files = Files.list(tmp)) {
                            for (Path f : files.toList()) {
                                Files.deleteIfExists(f);
                            }
                        }
                        Files.deleteIfExists(tmp);
                    }
                }
                report = all;
            }
            String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
            if (args.value("--json").isPresent()) {
                AtomicFiles.write(Path.of(args.value("--json").get()), out -> out.write(text.getBytes()));
            } else {
                io.out().println(text);
            }
        }
        return 0;
    }

    /** One {@code --variants} entry: {@code key=value} pairs over the command's own settings. */
    private static AdaptEvaluation.Options variant(AdaptEvaluation.Options o, String spec) throws UsageException {
        int steps = o.maxSteps();
        float lr = o.learningRate();
        var t = o.tuning();
        double strength = t.targetStrength(), minR2 = t.minReliability();
        float decay = t.decay();
        Set<Integer> ranks = t.ranks();
        boolean moments = t.moments();
        for (String kv : spec.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            String[] p = kv.split("=", 2);
            if (p.length != 2) {
                throw new UsageException("--variants: '" + kv + "' is not KEY=VALUE");
            }
            String k = p[0].strip(), v = p[1].strip();
            switch (k) {
                case "steps" -> steps = AdaptCommand.integer(v, "--variants steps");
                case "lr" -> lr = (float) number(v, lr, "--variants lr");
                case "strength" -> strength = number(v, strength, "--variants strength");
                case "min-r2" -> minR2 = number(v, minR2, "--variants min-r2");
                case "decay" -> decay = (float) number(v, decay, "--variants decay");
                case "ranks" -> ranks = ranks(v, "--variants ranks");
                case "targets" -> moments = targets(v, "--variants targets");
                default -> throw new UsageException("--variants: unknown key '" + k
                        + "' (steps, lr, strength, min-r2, decay, ranks, targets)");
            }
        }
        return o.with(steps, lr, new Adapter.Tuning(strength, minR2, decay, ranks, moments));
    }

    private static double number(String v, double otherwise, String option) throws UsageException {
        if (v == null) {
            return otherwise;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || d < 0) {
                throw new UsageException(option + " must be a number >= 0, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, not " + v);
        }
    }

    private static boolean targets(String v, String option) throws UsageException {
        return switch (v) {
            case "moments" -> true;
            case "frames" -> false;
            default -> throw new UsageException(option + " must be frames or moments, not " + v);
        };
    }

    private static Set<Integer> ranks(String v, String option) throws UsageException {
        Set<Integer> out = new java.util.TreeSet<>();
        for (String r : v.split("[,+]")) {
            if (r.isBlank() || r.strip().equals("all")) {
                continue;
            }
            int k = AdaptCommand.integer(r.strip(), option);
            if (k != 2 && k != 4 && k != 8) {
                throw new UsageException(option + ": the MoLoRA branches have ranks 2, 4 and 8, not " + k);
            }
            out.add(k);
        }
        return out;
    }
}
