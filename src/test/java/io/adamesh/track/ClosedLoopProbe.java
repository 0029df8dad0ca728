package io.adamesh.track;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Developer probe: the closed loop with and without the pixel eye openness. Args: frames schedule
 * (talk | gaze | squint) detectEvery.
 */
public final class ClosedLoopProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        int frames = Integer.parseInt(args[0]);
        SyntheticFaceVideo.Schedule schedule = ClosedLoopTrackingTest.schedule(m, args[1]);
        int detectEvery = Integer.parseInt(args[2]);
        double fov = Math.toRadians(30);
        Path dir = Files.createTempDirectory("closedloop");
        Path video = dir.resolve("head.mp4");
        FaceParams[] truth = new FaceParams[frames];
        SyntheticFaceVideo.render(m, schedule, 640, 480, 30, frames, fov, video, truth);
        TrackingDataFiles files = TrackingDataFiles.fromEnvironment();
        DlibShapePredictor sp = DlibShapePredictor.load(files.locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).orElseThrow());
        List<float[]> lmks = new ArrayList<>();
        List<double[]> eyes = new ArrayList<>();
        try (VideoReader r = new VideoReader(video);
             FaceDetector det = new FaceDetector(files.locate(TrackingDataFiles.DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow())) {
            LandmarkTracker lt = new LandmarkTracker(det, sp, detectEvery);
            Optional<VideoReader.VideoFrame> f;
            while ((f = r.next()).isPresent()) {
                VideoReader.VideoFrame fr = f.get();
                float[] p = lt.next(fr.grey());
                lmks.add(p);
                eyes.add(p == null ? null : EyeOpenness.measure(fr.rgb(), fr.width(), fr.height(), p));
            }
        }
        for (boolean useEyes : new boolean[] {false, true}) {
            RigFitter fitter = new RigFitter(m, new PinholeCamera(640, 480, fov));
            TrackedClip t = new ClipTracker(fitter).track(lmks.toArray(float[][]::new),
                    useEyes ? eyes.toArray(double[][]::new) : null, 30, null);
            System.out.println((useEyes ? "pixel eyes:    " : "landmarks only: ") + ClosedLoopTrackingTest.Figures.of(m, t, truth));
            if (useEyes && System.getProperty("series") != null) {
                for (String name : System.getProperty("series").split(",")) {
                    int e = m.expressionIndex(name);
                    StringBuilder sb = new StringBuilder(name + "\n truth ");
                    StringBuilder sg = new StringBuilder(" got   ");
                    for (int i = 0; i < frames; i += 4) {
                        sb.append(String.format("%4.1f", truth[i].expression(e)));
                        sg.append(String.format("%4.1f", t.clip().expression(i, e)));
                    }
                    System.out.println(sb + "\n" + sg);
                }
            }
        }
        Files.deleteIfExists(video);
        Files.deleteIfExists(dir);
    }
}
