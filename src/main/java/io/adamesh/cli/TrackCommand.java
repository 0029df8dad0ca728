package io.adamesh.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.adamesh.clip.ClipIO;
import io.adamesh.face.FaceModel;
import io.adamesh.files.AtomicFiles;
import io.adamesh.track.TrackedClip;
import io.adamesh.track.TrackingDataFiles;
import io.adamesh.track.TrackingException;
import io.adamesh.track.VideoException;
import io.adamesh.track.VideoTracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code adamesh track VIDEO --out CLIP.json [--range A:B] [--fov DEG] [--head HEAD.npz]}: tracks the
 * face in a reference video into a clip, and writes per-frame residuals and confidence next to it
 * ({@code CLIP.track.json}).
 */
final class TrackCommand implements Command {
    private final java.util.function.Supplier<TrackingDataFiles> dataFiles;

    TrackCommand() {
        this(TrackingDataFiles::fromEnvironment);
    }

    TrackCommand(java.util.function.Supplier<TrackingDataFiles> dataFiles) {
        this.dataFiles = dataFiles;
    }
    @Override public String name() { return "track"; }

    @Override public String summary() { return "track the face in a video into a clip (head pose, jaw, expressions)"; }

    @Override public String usage() { return "VIDEO --out CLIP.json [--range FROM:TO seconds] [--fov DEGREES] [--head HEAD.npz]"; }

    @Override public Set<String> valuedOptions() { return Set.of("--out", "--range", "--fov", "--head"); }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        if (args.positionals().size() != 1) {
            throw new UsageException("track takes one video file");
        }
        Path video = Path.of(args.positionals().get(0));
        Path out = Path.of(args.value("--out").orElseThrow(() -> new UsageException("--out CLIP.json is required")));
        double[] range = parseRange(args.value("--range").orElse(null));
        double fov = Double.parseDouble(args.value("--fov").orElse("40"));
        if (!(fov > 5 && fov < 150)) {
            throw new UsageException("--fov must be a vertical field of view in degrees between 5 and 150");
        }
        FaceModel head = FaceModel.load(args.value("--head").map(Path::of).orElseGet(() -> StudioHome.resolve("assets/openhead.npz")));
        VideoTracker tracker;
        try {
            tracker = VideoTracker.fromInstalledData(dataFiles.get(), head);
        } catch (TrackingException e) {
            io.err().println("track: " + e.getMessage());
            return 3;
        }
        tracker.fieldOfView(Math.toRadians(fov));
        TrackedClip tracked;
        try {
            ProgressLine bar = new ProgressLine(io.err(), "track");
            tracked = tracker.track(video, range[0], range[1], p -> bar.bar(p, ""));
        } catch (VideoException | TrackingException e) {
            io.err().println();
            io.err().println("track: " + e.getMessage());
            return 4;
        }
        io.err().println();
        ClipIO.write(tracked.clip(), out);
        Path report = out.resolveSibling(stripJson(out.getFileName().toString()) + ".track.json");
        writeReport(tracked, report);
        VideoTracker.Timing t = tracker.lastTiming();
        double seconds = t.frames() / tracked.clip().fps();
        io.out().printf("tracked %d frames (%.1f s), usable %.1f s; decode+landmarks %.1f s, fit %.1f s (%.1fx real time)%n",
                t.frames(), seconds, tracked.usableSeconds(), t.decodeAndLandmarks(), t.fitting(),
                seconds / (t.decodeAndLandmarks() + t.fitting()));
        io.out().println("clip: " + out + "  report: " + report);
        return 0;
    }

    static double[] parseRange(String s) throws UsageException {
        if (s == null) {
            return new double[] {0, 0};
        }
        String[] parts = s.split(":", -1);
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            double a = parts[0].isBlank() ? 0 : Double.parseDouble(parts[0]);
            double b = parts[1].isBlank() ? 0 : Double.parseDouble(parts[1]);
            if (a < 0 || (b != 0 && b <= a)) {
                throw new NumberFormatException();
            }
            return new double[] {a, b};
        } catch (NumberFormatException e) {
            throw new UsageException("--range must be FROM:TO in seconds with FROM < TO, e.g. 2:12, got '" + s + "'");
        }
    }

    private static String stripJson(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    private static Double round3(double x) {
        return Double.isFinite(x) ? Math.round(x * 1000) / 1000.0 : null;
    }

    private static void writeReport(TrackedClip t, Path file) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fps", t.clip().fps());
        m.put("usable_seconds", t.usableSeconds());
        List<Object> residual = new ArrayList<>();
        List<Object> confidence = new ArrayList<>();
        List<Object> usable = new ArrayList<>();
        List<Object> eyes = new ArrayList<>();
        for (int i = 0; i < t.usable().length; i++) {
            double[] e = t.eyeOpenness()[i];
            eyes.add(e == null ? null : Arrays.asList(round3(e[0]), round3(e[1])));
            double r = t.residualPixels()[i];
            residual.add(Double.isFinite(r) ? Math.round(r * 100) / 100.0 : null);
            confidence.add(Math.round(t.confidence()[i] * 1000) / 1000.0);
            usable.add(t.usable()[i]);
        }
        m.put("residual_px", residual);
        m.put("confidence", confidence);
        m.put("usable", usable);
        m.put("eye_openness", eyes);
        AtomicFiles.write(file, out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, m));
    }
}
