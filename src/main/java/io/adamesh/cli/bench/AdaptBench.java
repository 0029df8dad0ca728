package io.adamesh.cli.bench;

import io.adamesh.adapt.AdaptListener;
import io.adamesh.adapt.AdaptRequest;
import io.adamesh.adapt.AdaptResult;
import io.adamesh.adapt.Adapter;
import io.adamesh.adapt.CancelToken;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.animate.OfflineAnimator;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfileStore;
import io.adamesh.track.PinholeCamera;
import io.adamesh.track.SyntheticFaceVideo;
import io.adamesh.track.TrackingDataFiles;
import io.adamesh.track.TrackingDataFiles.DataFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench} section "adapt": time from "Adapt" to a saved, usable speaker profile for 10 s of 720p
 * reference video (3 s with --quick): OpenHead animated by a built-in speaker from espeak-ng speech
 * (a speech-like buzz without espeak-ng), rendered with the sound muxed in, then the whole studio path
 * (sound, tracking including the landmark model's load, speech features, adaptation, pose style,
 * thumbnail, save). Goal: at most 60 s on 2 cores.
 */
public final class AdaptBench implements BenchSection {
    static final String TEXT = "Please bring the big blue map to the meeting, and remember that we leave at five "
            + "o'clock sharp. Pack tonight, check the weather, and call me when you are ready to go.";

    @Override public String name() { return "adapt"; }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        TrackingDataFiles files = TrackingDataFiles.fromEnvironment();
        if (files.locate(DataFile.DLIB_SHAPE_PREDICTOR_68).isEmpty() || files.locate(DataFile.OPENCV_FRONTAL_FACE_CASCADE).isEmpty()) {
            return Map.of("skipped", "tracking data missing (see adamesh doctor)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        double seconds = context.quick() ? 3.5 : 10;
        FaceModel face = FaceModel.load(context.root().resolve("assets/openhead.npz"));
        Path dir = Files.createTempDirectory("adamesh-adaptbench");
        try (AnimationEngine engine = AnimationEngine.open(context.root().resolve("models/default"), face, true)) {
            out.put("provider", engine.provider());
            float[] speech = speech(dir, seconds);
            out.put("speech", speech == null ? "speech-like buzz (espeak-ng not found)" : "espeak-ng en-us");
            if (speech == null) {
                speech = AnimateBench.speechLike(seconds);
            }
            speech = java.util.Arrays.copyOf(speech, (int) Math.round(seconds * 16000));
            context.progress().accept("adapt: rendering " + seconds + " s of 720p reference video");
            Clip clip = new OfflineAnimator(engine, Runnable::run).animate(speech,
                    new OfflineAnimator.Request(engine.speakers().builtInIds().get(engine.speakers().builtInIds().size() - 1)),
                    OfflineAnimator.Progress.NONE, () -> false);
            Path video = dir.resolve("reference720p.mp4");
            SyntheticFaceVideo.render(face, (i, t, p) -> clip.applyFrame(Math.min(i, clip.frameCount() - 1), face, p),
                    1280, 720, 30, (int) Math.round(seconds * 30), PinholeCamera.DEFAULT_FOV_Y, video, null, speech);
            context.progress().accept("adapt: Adapt pressed (tracking, adaptation, pose style, save)");
            long t0 = System.nanoTime();
            Adapter adapter = new Adapter(engine.bundle(), engine.pose(), engine.face());
            AdaptResult r = adapter.run(AdaptRequest.defaults(video, 0, seconds, "bench"), AdaptListener.NONE,
                    CancelToken.NEVER);
            var store = new SpeakerProfileStore(dir.resolve("library"), BundleIdentity.of(engine.bundle()));
            store.saveNew(r.profile(), r.thumbnailPng());
            double total = (System.nanoTime() - t0) / 1e9;
            Adapter.Timing t = adapter.lastTiming();
            var m = r.profile().metrics();
            out.put("video", String.format("%.0f s, 1280x720 @30 fps, AAC sound", seconds));
            out.put("adapt_to_saved_profile_s", round(total));
            out.put("goal_s", 60);
            out.put("read_s", round(t.readSeconds()));
            out.put("track_s_incl_model_load", round(t.trackSeconds()));
            out.put("features_and_targets_s", round(t.featureSeconds()));
            out.put("adapt_steps_s", round(t.adaptSeconds()));
            out.put("pose_style_and_thumbnail_s", round(t.poseSeconds()));
            out.put("steps", m.steps());
            out.put("best_step", m.bestStep());
            out.put("usable_face_fraction", round(m.usableFaceFraction()));
            out.put("held_out_loss_before", m.heldOutLossBefore());
            out.put("held_out_loss_after", m.heldOutLossAfter());
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return out;
    }

    private static float[] speech(Path dir, double seconds) {
        try {
            Path wav = dir.resolve("speech.wav");
            Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), TEXT)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            float[] a = new AudioFileDecoder().decodeAll(wav).samples();
            return a.length >= seconds * 16000 * 0.8 ? a : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
