package io.adamesh.cli;

import io.adamesh.animate.AnimateException;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.animate.AnimationSettings;
import io.adamesh.animate.LiveReplay;
import io.adamesh.animate.OfflineAnimator;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.clip.Clip;
import io.adamesh.clip.ClipIO;
import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code adamesh animate voice.wav --speaker NAME --out clip.json [--intensity X] [--pose-intensity Y]
 * [--no-blinks] [--no-gaze] [--seed N] [--bundle DIR] [--head HEAD.npz] [--allow-face-mismatch] [--live]}:
 * offline, full-context generation of a clip from a voice recording; headless, progress bar on stderr.
 * With {@code --live} the clip is what live mode would show for the recording (the streaming path,
 * replayed hop by hop: {@link io.adamesh.animate.LiveReplay}), with idle motion on as in the studio.
 */
final class AnimateCommand implements Command {
    @Override public String name() { return "animate"; }

    @Override public String summary() { return "generate a face animation clip from a voice recording"; }

    @Override public String usage() {
        return "VOICE.wav --out CLIP.json [--speaker ID] [--library DIR] [--intensity X] [--pose-intensity Y] [--no-blinks]"
                + " [--no-gaze] [--seed N] [--bundle DIR] [--head HEAD.npz] [--allow-face-mismatch] [--live]";
    }

    @Override public Set<String> flags() { return Set.of("--no-blinks", "--no-gaze", "--allow-face-mismatch", "--live"); }

    @Override public Set<String> valuedOptions() {
        return Set.of("--out", "--speaker", "--intensity", "--pose-intensity", "--seed", "--bundle", "--head", "--library");
    }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        if (args.positionals().size() != 1) throw new UsageException("animate takes one voice file");
        Path voice = Path.of(args.positionals().get(0));
        Path out = Path.of(args.value("--out").orElseThrow(() -> new UsageException("--out CLIP.json is required")));
        boolean live = args.has("--live");
        AnimationSettings settings = new AnimationSettings().idle(live);
        try {
            settings.expressionIntensity(Double.parseDouble(args.value("--intensity").orElse("1")))
                    .poseIntensity(Double.parseDouble(args.value("--pose-intensity").orElse("1")))
                    .blinks(!args.has("--no-blinks")).gaze(!args.has("--no-gaze"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--intensity/--pose-intensity: " + e.getMessage());
        }
        long seed = Long.parseLong(args.value("--seed").orElse("0"));
        Path bundleDir = args.value("--bundle").map(Path::of).orElseGet(() -> StudioHome.resolve("models/default"));
        Path headFile = args.value("--head").map(Path::of).orElseGet(() -> StudioHome.resolve("assets/openhead.npz"));
        float[] audio = new AudioFileDecoder().decodeAll(voice).samples();
        FaceModel face = FaceModel.load(headFile);
        long t0 = System.nanoTime();
        ProgressLine bar = new ProgressLine(io.err(), "animate");
        try (AnimationEngine engine = AnimationEngine.open(bundleDir, face, args.has("--allow-face-mismatch"))) {
            if (!engine.faceWarning().isEmpty()) {
                io.err().println("animate: warning: " + engine.faceWarning());
            }
            UserSpeakers.attach(engine, args, io, "animate");
            String speaker = args.value("--speaker").orElse(engine.speakers().defaultId());
            Clip clip = live ? LiveReplay.run(engine, audio, speaker, settings, seed)
                    : new OfflineAnimator(engine).animate(audio, new OfflineAnimator.Request(speaker, settings, seed),
                            (f, stage) -> bar.bar(f, stage), () -> false);
            io.err().println();
            ClipIO.write(clip, out);
            double s = (System.nanoTime() - t0) / 1e9;
            double dur = audio.length / (double) AudioFileDecoder.TARGET_RATE;
            io.out().printf("animate%s: %s, %.2f s of audio, speaker %s -> %d frames at %.0f fps in %s (%.1f s, %.0fx real time)%n",
                    live ? " (live path)" : "", voice.getFileName(), dur, speaker, clip.frameCount(), clip.fps(), out, s, dur / s);
            return 0;
        } catch (AnimateException e) {
            io.err().println();
            io.err().println("animate: " + e.getMessage()
                    + (e.getMessage().contains("SHA-256") ? "\n(--allow-face-mismatch uses the bundle anyway)" : ""));
            return 3;
        }
    }
}
