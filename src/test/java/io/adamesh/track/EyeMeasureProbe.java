package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Developer probe: candidate eye-openness measures per frame of the closed-loop render (CSV on stdout). */
public final class EyeMeasureProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        int frames = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("eyemeasure");
        Path video = dir.resolve("head.mp4");
        FaceParams[] truth = new FaceParams[frames];
        SyntheticFaceVideo.render(m, SyntheticFaceVideo.talkingHead(m), 640, 480, 30, frames, Math.toRadians(30), video, truth);
        TrackingDataFiles files = TrackingDataFiles.fromEnvironment();
        DlibShapePredictor sp = DlibShapePredictor.load(files.locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).orElseThrow());
        int blinkL = m.expressionIndex("eyeBlinkLeft"), blinkR = m.expressionIndex("eyeBlinkRight");
        System.out.println("frame,blinkR,blinkL,yaw,earR,earL,openR,openL");
        try (VideoReader r = new VideoReader(video);
             FaceDetector det = new FaceDetector(files.locate(TrackingDataFiles.DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow())) {
            LandmarkTracker lt = new LandmarkTracker(det, sp, 5);
            Optional<VideoReader.VideoFrame> f;
            while ((f = r.next()).isPresent()) {
                VideoReader.VideoFrame fr = f.get();
                float[] p = lt.next(fr.grey());
                FaceParams t = truth[fr.index()];
                StringBuilder sb = new StringBuilder();
                sb.append(String.format("%d,%.2f,%.2f,%.1f", fr.index(), t.expression(blinkR), t.expression(blinkL),
                        Math.toDegrees(t.pose()[FaceModel.NECK * 3 + 1])));
                if (p == null) {
                    System.out.println(sb);
                    continue;
                }
                double[] vals = new double[4];
                vals[0] = BlinkVisibilityProbe.ear(p, 36);
                vals[1] = BlinkVisibilityProbe.ear(p, 42);
                double[] o = EyeOpenness.measure(fr.rgb(), fr.width(), fr.height(), p);
                vals[2] = o[0];
                vals[3] = o[1];
                for (double v : vals) sb.append(String.format(",%.3f", v));
                System.out.println(sb);
            }
        }
        Files.deleteIfExists(video);
        Files.deleteIfExists(dir);
    }
}
