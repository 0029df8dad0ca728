package io.adamesh.cli.bench;

import io.adamesh.face.FaceModel;
import io.adamesh.track.DlibShapePredictor;
import io.adamesh.track.EyeOpenness;
import io.adamesh.track.FaceBox;
import io.adamesh.track.LandmarkDataset;
import io.adamesh.track.SyntheticFaceVideo;
import io.adamesh.track.TrackedClip;
import io.adamesh.track.TrackingDataFiles;
import io.adamesh.track.TrackingDataFiles.DataFile;
import io.adamesh.track.VideoTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code bench} section "tracking": dlib landmark speed (faces/s, one thread), pixel eye openness
 * speed (frames/s, one thread), NME on dlib's
 * testing faces when they are cached (scripts/fetch-dlib-faces.sh), and whole-pipeline tracking
 * speed on a rendered 30-fps 720p clip (10 s; 3 s with --quick).
 */
public final class TrackingBench implements BenchSection {
    @Override public String name() { return "tracking"; }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        TrackingDataFiles files = TrackingDataFiles.fromEnvironment();
        Optional<Path> dat = files.locate(DataFile.DLIB_SHAPE_PREDICTOR_68);
        Optional<Path> cascade = files.locate(DataFile.OPENCV_FRONTAL_FACE_CASCADE);
        if (dat.isEmpty() || cascade.isEmpty()) {
            return Map.of("skipped", "tracking data missing: " + (dat.isEmpty()
                    ? DataFile.DLIB_SHAPE_PREDICTOR_68.installHint() : DataFile.OPENCV_FRONTAL_FACE_CASCADE.installHint()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        context.progress().accept("tracking: loading dlib model");
        long t0 = System.nanoTime();
        DlibShapePredictor sp = DlibShapePredictor.load(dat.get());
        out.put("model_load_s", round((System.nanoTime() - t0) / 1e9));
        out.put("landmark_faces_per_s", landmarkSpeed(sp));
        out.put("eye_openness_frames_per_s", eyeOpennessSpeed(sp));
        String base = System.getenv("ADAMESH_CACHE");
        Path xml = (base != null ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache", "adamesh"))
                .resolve("dlib-faces/faces/testing_with_face_landmarks.xml");
        if (Files.isRegularFile(xml)) {
            LandmarkDataset.Accuracy acc = LandmarkDataset.read(xml).evaluate(sp);
            out.put("nme_dlib_testing_faces", round4(acc.meanNme()));
            out.put("nme_rounded_like_dlib", round4(acc.meanRoundedNme()));
            out.put("points_identical_to_dlib", round4(acc.exactFraction()));
        } else {
            out.put("nme_dlib_testing_faces", "not measured: run scripts/fetch-dlib-faces.sh");
        }
        FaceModel head = FaceModel.load(context.root().resolve("assets/openhead.npz"));
        double seconds = context.quick() ? 3 : 10;
        int frames = (int) Math.round(seconds * 30);
        Path dir = Files.createTempDirectory("adamesh-trackbench");
        Path video = dir.resolve("head720p.mp4");
        try {
            context.progress().accept("tracking: rendering " + frames + " frames of 720p");
            double fov = Math.toRadians(30);
            SyntheticFaceVideo.render(head, SyntheticFaceVideo.talkingHead(head), 1280, 720, 30, frames, fov, video, null);
            context.progress().accept("tracking: tracking the rendered clip");
            VideoTracker tracker = new VideoTracker(sp, cascade.get(), head).fieldOfView(fov);
            long t1 = System.nanoTime();
            TrackedClip clip = tracker.track(video, 0, 0, null);
            double wall = (System.nanoTime() - t1) / 1e9;
            VideoTracker.Timing t = tracker.lastTiming();
            out.put("video", String.format("%d frames 1280x720 @30 fps (%.0f s)", frames, seconds));
            out.put("decode_detect_landmarks_s", round(t.decodeAndLandmarks()));
            out.put("fit_s", round(t.fitting()));
            out.put("total_s", round(wall));
            out.put("x_realtime", round(seconds / wall));
            out.put("usable_frames", clip.usableFrames());
        } finally {
            Files.deleteIfExists(video);
            Files.deleteIfExists(dir);
        }
        return out;
    }

    private static double landmarkSpeed(DlibShapePredictor sp) {
        byte[] grey = new byte[1280 * 720];
        new Random(1).nextBytes(grey);
        FaceBox box = FaceBox.ofSize(500, 200, 260, 260);
        for (int i = 0; i < 100; i++) {
            sp.predict(grey, 1280, 720, box);
        }
        int n = 500;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sp.predict(grey, 1280, 720, box);
        }
        return Math.round(n / ((System.nanoTime() - t0) / 1e9));
    }

    /** Pixel eye openness (both eyes) on a 720p frame, one thread; eyes ~60 px wide. */
    private static Object eyeOpennessSpeed(DlibShapePredictor sp) {
        byte[] rgb = new byte[1280 * 720 * 3];
        new Random(2).nextBytes(rgb);
        byte[] flat = new byte[1280 * 720];
        Arrays.fill(flat, (byte) 128);
        float[] pts = sp.predict(flat, 1280, 720, FaceBox.ofSize(500, 200, 260, 260));
        double sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += EyeOpenness.measure(rgb, 1280, 720, pts)[0];
        }
        if (!Double.isFinite(sink)) {
            return "not measured: the test eyes were too small";
        }
        int n = 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += EyeOpenness.measure(rgb, 1280, 720, pts)[1];
        }
        double perS = n / ((System.nanoTime() - t0) / 1e9);
        return sink < 0 ? 0.0 : (double) Math.round(perS);
    }

    private static double round(double x) { return Math.round(x * 100) / 100.0; }
    private static double round4(double x) { return Math.round(x * 10000) / 10000.0; }
}
