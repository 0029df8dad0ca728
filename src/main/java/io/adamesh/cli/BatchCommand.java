package io.adamesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.animate.AnimationSettings;
import io.adamesh.animate.OfflineAnimator;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.clip.Clip;
import io.adamesh.export.ExportFormat;
import io.adamesh.export.ExportOptions;
import io.adamesh.export.ExportScene;
import io.adamesh.face.FaceModel;
import io.adamesh.files.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code adamesh batch voices/ --format fbx|abc|glb|csv --out out/ [--speaker ID] [--library DIR] [--fps N]}:
 * animates every audio file of a folder (sorted, not recursive) and exports each clip. A file that
 * fails is reported and the batch goes on; outputs that already exist are skipped, so re-running a
 * stopped batch resumes it (writes are atomic: an existing output is always complete). Prints a
 * summary and writes {@code batch-report.json} into the output folder. Exit status 0 when every file
 * was done or skipped, 1 when some failed.
 */
final class BatchCommand implements Command {
    private static final Set<String> AUDIO = Set.of("wav", "flac", "mp3", "ogg", "opus", "m4a", "aac", "mp4", "mov", "mkv", "webm");

    @Override public String name() { return "batch"; }

    @Override public String summary() { return "animate and export every voice file of a folder (resumable)"; }

    @Override public String usage() {
        return "VOICES/ --format fbx|abc|glb|csv --out OUT/ [--speaker ID] [--library DIR] [--fps 24|25|30|60] [--intensity X]"
                + " [--bundle DIR] [--head HEAD.npz]";
    }

    @Override public Set<String> valuedOptions() {
        return Set.of("--format", "--out", "--speaker", "--fps", "--intensity", "--bundle", "--head", "--library");
    }

    @Override public boolean acceptsPositionals() { return true; }

    record Outcome(String file, String status, String output, String message, double seconds) {}

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        if (args.positionals().size() != 1) throw new UsageException("batch takes one folder of voice files");
        Path in = Path.of(args.positionals().get(0));
        if (!Files.isDirectory(in)) throw new UsageException(in + " is not a folder");
        ExportFormat format;
        try {
            format = ExportFormat.parse(args.value("--format").orElseThrow(() -> new UsageException("--format is required")));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path out = Path.of(args.value("--out").orElseThrow(() -> new UsageException("--out OUT/ is required")));
        ExportOptions options = ExportOptions.defaults();
        if (args.value("--fps").isPresent()) options = options.withFps(number(args, "--fps", "30"));
        AnimationSettings settings = new AnimationSettings().idle(false).expressionIntensity(number(args, "--intensity", "1"));
        Path bundleDir = args.value("--bundle").map(Path::of).orElseGet(() -> StudioHome.resolve("models/default"));
        Path headFile = args.value("--head").map(Path::of).orElseGet(() -> StudioHome.resolve("assets/openhead.npz"));

        List<Path> files;
        try (Stream<Path> s = Files.list(in)) {
            files = s.filter(Files::isRegularFile).filter(p -> AUDIO.contains(extension(p))).sorted().toList();
        }
        if (files.isEmpty()) {
            io.err().println("batch: no audio files in " + in + " (looked for " + String.join(", ", AUDIO.stream().sorted().toList()) + ")");
            return 3;
        }
        Files.createDirectories(out);
        FaceModel face = FaceModel.load(headFile);
        List<Outcome> outcomes = new ArrayList<>();
        AudioFileDecoder decoder = new AudioFileDecoder();
        try (AnimationEngine engine = AnimationEngine.open(bundleDir, face, false)) {
            UserSpeakers.attach(engine, args, io, "batch");
            String speaker = args.value("--speaker").orElse(engine.speakers().defaultId());
            engine.speakers().adapter(speaker); // fail fast on an unknown speaker, before any file
            OfflineAnimator animator = new OfflineAnimator(engine);
            for (int i = 0; i < files.size(); i++) {
                Path voice = files.get(i);
                Path target = out.resolve(baseName(voice) + "." + format.extension);
                String tag = String.format(Locale.ROOT, "[%d/%d] %s", i + 1, files.size(), voice.getFileName());
                long t0 = System.nanoTime();
                if (Files.isRegularFile(target) && Files.size(target) > 0) {
                    outcomes.add(new Outcome(voice.toString(), "skipped", target.toString(), "output exists (resumed batch)", 0));
                    io.err().println(tag + ": skipped, " + target.getFileName() + " exists");
                    continue;
                }
                try {
                    float[] audio = decoder.decodeAll(voice).samples();
                    Clip clip = animator.animate(audio, new OfflineAnimator.Request(speaker, settings, i),
                            OfflineAnimator.Progress.NONE, () -> false);
                    ExportScene scene = ExportScene.of(face, clip, options);
                    format.exporter().export(scene, target, f -> { });
                    double s = (System.nanoTime() - t0) / 1e9;
                    outcomes.add(new Outcome(voice.toString(), "done", target.toString(), "", s));
                    io.err().printf(Locale.ROOT, "%s: %.1f s of audio -> %s (%.1f s)%n", tag,
                            audio.length / (double) AudioFileDecoder.TARGET_RATE, target.getFileName(), s);
                } catch (Exception e) {
                    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    outcomes.add(new Outcome(voice.toString(), "failed", "", msg, (System.nanoTime() - t0) / 1e9));
                    io.err().println(tag + ": FAILED: " + msg);
                }
            }
        }
        long done = outcomes.stream().filter(o -> o.status().equals("done")).count();
        long skipped = outcomes.stream().filter(o -> o.status().equals("skipped")).count();
        long failed = outcomes.stream().filter(o -> o.status().equals("failed")).count();
        writeReport(out.resolve("batch-report.json"), outcomes);
        io.out().printf(Locale.ROOT, "batch: %d done, %d skipped, %d failed (report: %s)%n", done, skipped, failed,
                out.resolve("batch-report.json"));
        return failed == 0 ? 0 : 1;
    }

    private static double number(CommandArgs args, String option, String fallback) throws UsageException {
        String v = args.value(option).orElse(fallback);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, not '" + v + "'");
        }
    }

    private static void writeReport(Path file, List<Outcome> outcomes) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode items = root.putArray("files");
        for (Outcome o : outcomes) {
            ObjectNode n = items.addObject();
            n.put("file", o.file());
            n.put("status", o.status());
            n.put("output", o.output());
            n.put("message", o.message());
            n.put("seconds", Math.round(o.seconds() * 100) / 100.0);
        }
        AtomicFiles.write(file, os -> json.writerWithDefaultPrettyPrinter().writeValue(new java.io.FilterOutputStream(os) {
            @Override public void close() throws java.io.IOException { flush(); }
        }, root));
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }
}
