package io.adamesh.cli;

import io.adamesh.clip.Clip;
import io.adamesh.clip.ClipIO;
import io.adamesh.export.ExportException;
import io.adamesh.export.ExportFormat;
import io.adamesh.export.ExportOptions;
import io.adamesh.export.ExportScene;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceModelException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code adamesh export clip.json --format fbx|abc|glb|csv -o file [--fps N] [--range a:b]
 * [--scale m|cm] [--up y|z] [--bake-head-pose] [--head path.npz]}: writes a clip for other tools, with a
 * progress bar on stderr. Exit codes: 0 done, 2 usage, 3 unreadable clip or head, 4 clip and head
 * do not match or the clip is empty/out of range, 5 the output could not be written.
 */
public final class ExportCommand {
    public static final int OK = 0, USAGE = 2, BAD_INPUT = 3, MISMATCH = 4, WRITE_FAILED = 5;
    public static final String USAGE_TEXT = "usage: adamesh export clip.json --format fbx|abc|glb|csv -o file "
            + "[--fps 24|25|30|60] [--range a:b] [--scale m|cm] [--up y|z] [--bake-head-pose] [--head path.npz]";
    public static final Path DEFAULT_HEAD = Path.of("assets", "openhead.npz");

    private ExportCommand() {}

    public static int run(String[] args) { return run(args, System.err); }

    public static int run(String[] args, PrintStream err) {
        Path clipPath = null, out = null, head = StudioHome.resolve(DEFAULT_HEAD.toString());
        ExportFormat format = null;
        ExportOptions options = ExportOptions.defaults();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--format", "-f" -> format = ExportFormat.parse(value(args, ++i, a));
                    case "-o", "--output" -> out = Path.of(value(args, ++i, a));
                    case "--fps" -> options = options.withFps(Double.parseDouble(value(args, ++i, a)));
                    case "--range" -> {
                        String[] r = value(args, ++i, a).split(":", -1);
                        if (r.length != 2) throw new IllegalArgumentException("--range takes a:b (frames, b exclusive)");
                        options = options.withRange(r[0].isEmpty() ? 0 : Integer.parseInt(r[0]), r[1].isEmpty() ? -1 : Integer.parseInt(r[1]));
                    }
                    case "--scale" -> options = options.withUnit(ExportOptions.Unit.valueOf(value(args, ++i, a).toUpperCase(java.util.Locale.ROOT)));
                    case "--up" -> options = options.withUp(ExportOptions.UpAxis.valueOf(value(args, ++i, a).toUpperCase(java.util.Locale.ROOT)));
                    case "--bake-head-pose" -> options = options.withBakedHeadPose(true);
                    case "--head" -> head = Path.of(value(args, ++i, a));
                    case "-h", "--help" -> { err.println(USAGE_TEXT); return OK; }
                    default -> {
                        if (a.startsWith("-") || clipPath != null) throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        clipPath = Path.of(a);
                    }
                }
            }
            if (clipPath == null) throw new IllegalArgumentException("no clip given");
            if (format == null) throw new IllegalArgumentException("--format is required");
            if (out == null) throw new IllegalArgumentException("-o is required");
        } catch (IllegalArgumentException e) {
            err.println("export: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (!Files.isRegularFile(clipPath)) { err.println("export: clip not found: " + clipPath); return BAD_INPUT; }
        if (!Files.isRegularFile(head)) { err.println("export: head model not found: " + head + " (pass --head path.npz)"); return BAD_INPUT; }
        Clip clip;
        FaceModel model;
        try {
            clip = ClipIO.read(clipPath);
        } catch (IOException | RuntimeException e) {
            err.println("export: cannot read clip " + clipPath + ": " + e.getMessage());
            return BAD_INPUT;
        }
        try {
            model = FaceModel.load(head);
        } catch (FaceModelException | RuntimeException e) {
            err.println("export: cannot load head " + head + ": " + e.getMessage());
            return BAD_INPUT;
        }
        ExportScene scene;
        try {
            scene = ExportScene.of(model, clip, options);
        } catch (ExportException e) {
            err.println("export: " + e.getMessage());
            return MISMATCH;
        }
        ProgressBar bar = new ProgressBar(err, format.extension.toUpperCase(java.util.Locale.ROOT) + " " + out.getFileName());
        try {
            format.exporter().export(scene, out, bar);
        } catch (ExportException e) {
            bar.abort();
            err.println("export: " + e.getMessage());
            return WRITE_FAILED;
        }
        bar.done();
        try {
            err.printf(java.util.Locale.ROOT, "export: wrote %s (%d frames at %s fps, %d bytes)%n", out, scene.frameCount(),
                    scene.fps() == Math.rint(scene.fps()) ? String.valueOf((int) scene.fps()) : String.valueOf(scene.fps()), Files.size(out));
        } catch (IOException ignored) {
            // size is informational only
        }
        return OK;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    /** The export's progress as a {@link ProgressLine} bar. */
    static final class ProgressBar implements io.adamesh.export.Progress {
        private final ProgressLine line;

        ProgressBar(PrintStream err, String label) { this.line = new ProgressLine(err, label); }

        @Override public void update(double fraction) { line.bar(fraction, ""); }

        void done() { update(1.0); line.done(); }

        void abort() { line.done(); }
    }
}
