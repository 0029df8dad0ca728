package io.adamesh.track;

import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import java.util.List;

/** Developer probe: per frame, the detector's boxes and the box the tracker derives from landmarks. */
public final class TrackDebugProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        int frames = Integer.parseInt(args[0]);
        Path video = ClosedLoopVideos.render(m, args.length > 1 ? args[1] : "talk", frames, null);
        DlibShapePredictor sp = DlibFaces.predictor();
        ClosedLoopVideos.track(video, 5, (fr, p, det) -> {
            List<FaceBox> boxes = det.detect(fr.grey());
            String lb = p == null ? "-" : fmt(sp.boxFor(p));
            String db = boxes.isEmpty() ? "none" : fmt(boxes.get(0)) + (boxes.size() > 1 ? " +" + (boxes.size() - 1) : "");
            String fresh = "";
            if (!boxes.isEmpty()) {
                fresh = fmt(sp.boxFor(sp.predict(fr.grey().pixels(), 640, 480, boxes.get(0))));
            }
            System.out.printf("%3d det %s | lmkbox %s | lmkbox(det) %s%n", fr.index(), db, lb, fresh);
        });
        ClosedLoopVideos.delete(video);
    }

    static String fmt(FaceBox b) {
        return String.format("%4.0f %4.0f %4.0f", b.left(), b.top(), b.width());
    }
}
