package io.adamesh.cli;

import io.adamesh.cli.bench.BenchContext;
import io.adamesh.cli.bench.BenchSection;
import io.adamesh.clip.Clip;
import io.adamesh.export.ExportFormat;
import io.adamesh.export.ExportOptions;
import io.adamesh.export.ExportScene;
import io.adamesh.export.Progress;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bench section "export": wall time and file size of exporting a synthetic 10-s, 30-fps clip of the
 * default head to each format (and a 60-s clip unless quick). Median of 3 runs (1 when quick).
 */
public final class ExportBench implements BenchSection {
    @Override public String name() { return "export"; }

    @Override
    public Map<String, Object> run(BenchContext ctx) throws Exception {
        Path head = ctx.root().resolve(ExportCommand.DEFAULT_HEAD);
        if (!Files.isRegularFile(head)) return Map.of("skipped", "no head model at " + head);
        FaceModel model = FaceModel.load(head);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vertices", model.vertexCount());
        out.put("channels", model.expressionNames().size());
        int runs = ctx.quick() ? 1 : 3;
        Path dir = Files.createTempDirectory("adamesh-export-bench");
        try {
            for (int seconds : ctx.quick() ? new int[] {10} : new int[] {10, 60}) {
                Clip clip = syntheticClip(model, seconds * 30, 30);
                for (ExportFormat f : ExportFormat.values()) {
                    Path file = dir.resolve("bench." + f.extension);
                    long[] ns = new long[runs];
                    for (int r = 0; r < runs; r++) {
                        long t0 = System.nanoTime();
                        f.exporter().export(ExportScene.of(model, clip, ExportOptions.defaults()), file, Progress.NONE);
                        ns[r] = System.nanoTime() - t0;
                    }
                    java.util.Arrays.sort(ns);
                    out.put(f.extension + "_" + seconds + "s_ms", Math.round(ns[runs / 2] / 1e5) / 10.0);
                    out.put(f.extension + "_" + seconds + "s_bytes", Files.size(file));
                    ctx.progress().accept("export " + f.extension + " " + seconds + " s: " + out.get(f.extension + "_" + seconds + "s_ms") + " ms");
                    Files.deleteIfExists(file);
                }
            }
        } finally {
            try (var s = Files.list(dir)) { for (Path p : s.toList()) Files.deleteIfExists(p); }
            Files.deleteIfExists(dir);
        }
        return out;
    }

    /** Every channel and joint moving smoothly, so no sample is constant. */
    static Clip syntheticClip(FaceModel m, int frames, double fps) {
        Clip.Builder b = new Clip.Builder(m, fps);
        FaceParams p = m.newParams();
        int e = m.expressionNames().size();
        for (int i = 0; i < frames; i++) {
            p.resetExpressionAndPose();
            for (int c = 0; c < e; c++) p.setExpression(c, 0.5f + 0.5f * (float) Math.sin(i * 0.07 + c));
            for (int j = 0; j < m.jointCount(); j++) p.setJointRotation(j, 0.1f * (float) Math.sin(i * 0.05 + j), 0.1f * (float) Math.cos(i * 0.03 + j), 0f);
            b.add(p);
        }
        return b.build();
    }
}
