package io.adamesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.adamesh.animate.AnimateException;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.cli.bench.AnimateBench;
import io.adamesh.cli.bench.LiveSoak;
import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code adamesh soak [--minutes N] [--sample-s S] [--speed X] [--input VOICE] [--speaker NAME]
 * [--bundle DIR] [--head HEAD.npz] [--json]}: runs the live path on a simulated microphone for N
 * minutes (default 60) in real time (speed 1), sampling heap, latency and frame counts every S
 * seconds (default 60) on stderr, then prints the start and end figures (JSON with --json). The
 * microphone loops VOICE (followed by 2 s of silence) or, without --input, a built-in speech-like
 * signal with pauses.
 */
final class SoakCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override public String name() { return "soak"; }

    @Override public String summary() { return "run the live path on a simulated microphone and watch memory and latency"; }

    @Override public String usage() {
        return "[--minutes N] [--sample-s S] [--speed X] [--input VOICE] [--speaker NAME] [--bundle DIR]"
                + " [--head HEAD.npz] [--json]";
    }

    @Override public Set<String> flags() { return Set.of("--json"); }

    @Override public Set<String> valuedOptions() {
        return Set.of("--minutes", "--sample-s", "--speed", "--input", "--speaker", "--bundle", "--head");
    }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        double minutes = number(args, "--minutes", "60");
        double sample = number(args, "--sample-s", "60");
        double speed = number(args, "--speed", "1");
        if (minutes <= 0 || sample <= 0 || speed <= 0) {
            throw new UsageException("--minutes, --sample-s and --speed must be positive");
        }
        float[] loop;
        if (args.value("--input").isPresent()) {
            float[] voice = new AudioFileDecoder().decodeAll(Path.of(args.value("--input").get())).samples();
            loop = java.util.Arrays.copyOf(voice, voice.length + 2 * 16_000);
        } else {
            loop = AnimateBench.speechLike(30);
        }
        Path bundleDir = args.value("--bundle").map(Path::of).orElseGet(() -> StudioHome.resolve("models/default"));
        Path headFile = args.value("--head").map(Path::of).orElseGet(() -> StudioHome.resolve("assets/openhead.npz"));
        FaceModel face = FaceModel.load(headFile);
        try (AnimationEngine engine = AnimationEngine.open(bundleDir, face, true)) {
            if (!engine.faceWarning().isEmpty()) {
                io.err().println("soak: warning: " + engine.faceWarning());
            }
            String speaker = args.value("--speaker").orElse(engine.speakers().defaultId());
            engine.speakers().adapter(speaker);
            io.err().printf("soak: %.1f min at x%.2f real time, sample every %.0f s, speaker %s, loop %.1f s%n",
                    minutes, speed, sample, speaker, loop.length / 16_000.0);
            Map<String, Object> r = new LiveSoak(engine, loop, speaker, speed)
                    .run(minutes * 60 / speed, sample / speed, line -> io.err().println(line));
            if (args.has("--json")) {
                io.out().println(JSON.writeValueAsString(r));
            } else {
                r.remove("samples");
                r.forEach((k, v) -> io.out().println(k + ": " + v));
            }
            return 0;
        } catch (AnimateException e) {
            io.err().println("soak: " + e.getMessage());
            return 3;
        }
    }

    private static double number(CommandArgs args, String option, String fallback) throws UsageException {
        String v = args.value(option).orElse(fallback);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, got '" + v + "'");
        }
    }
}
