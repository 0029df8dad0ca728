package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Developer probe: per frame, the detector's boxes and the box the tracker derives from landmarks. */
public final class TrackDebugProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        int frames = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("trackprobe");
        Path video = dir.resolve("head.mp4");
        SyntheticFaceVideo.render(m, ClosedLoopTrackingTest.schedule(m, args.length > 1 ? args[1] : "talk"), 640, 480, 30, frames, Math.toRadians(30), video, new FaceParams[frames]);
        TrackingDataFiles files = TrackingDataFiles.fromEnvironment();
        DlibShapePredictor sp = DlibShapePredictor.load(files.locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).orElseThrow());
        try (VideoReader r = new VideoReader(video);
             FaceDetector det = new FaceDetector(files.locate(TrackingDataFiles.DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow())) {
            LandmarkTracker lt = new LandmarkTracker(det, sp, 5);
            Optional<VideoReader.VideoFrame> f;
            while ((f = r.next()).isPresent()) {
                VideoReader.VideoFrame fr = f.get();
                List<FaceBox> boxes = det.detect(fr.grey());
                float[] p = lt.next(fr.grey());
                String lb = p == null ? "-" : fmt(sp.boxFor(p));
                String db = boxes.isEmpty() ? "none" : fmt(boxes.get(0)) + (boxes.size() > 1 ? " +" + (boxes.size() - 1) : "");
                String fresh = "";
                if (!boxes.isEmpty()) {
                    fresh = fmt(sp.boxFor(sp.predict(fr.grey().pixels(), 640, 480, boxes.get(0))));
                }
                System.out.printf("%3d det %s | lmkbox %s | lmkbox(det) %s%n", fr.index(), db, lb, fresh);
            }
        }
        Files.deleteIfExists(video);
        Files.deleteIfExists(dir);
    }

    static String fmt(FaceBox b) {
        return String.format("%4.0f %4.0f %4.0f", b.left(), b.top(), b.width());
    }
}
