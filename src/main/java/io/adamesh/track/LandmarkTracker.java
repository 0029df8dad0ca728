package io.adamesh.track;

import java.util.List;

/**
 * Per-frame face landmarks for a video: cascade detection + {@link FaceTrack} selects one face,
 * dlib's predictor places 68 points in its box. Between detections (every {@code detectEvery}
 * frames) the box is the one in which dlib's mean shape best fits the previous frame's landmarks
 * ({@link DlibShapePredictor#boxFor}), which is both faster and steadier than re-detecting. Not thread-safe.
 */
public final class LandmarkTracker {
    private final FaceDetector detector;
    private final DlibShapePredictor predictor;
    private final FaceTrack track = new FaceTrack();
    private final int detectEvery;
    private int frame;
    private float[] last;

    public LandmarkTracker(FaceDetector detector, DlibShapePredictor predictor, int detectEvery) {
        this.detector = detector;
        this.predictor = predictor;
        this.detectEvery = Math.max(1, detectEvery);
    }

    /** The 68 points of the tracked face in this frame, or null when there is no usable face. */
    public float[] next(GreyImage image) {
        FaceBox box;
        if (last == null || frame % detectEvery == 0) {
            List<FaceBox> found = detector.detect(image);
            box = track.update(found);
            if (box == null && last != null) {
                box = predictor.boxFor(last);   // detector missed (e.g. blink, motion blur): keep following
            }
        } else {
            box = predictor.boxFor(last);
        }
        frame++;
        if (box == null) {
            last = null;
            return null;
        }
        float[] pts = predictor.predict(image.pixels(), image.width(), image.height(), box);
        if (!plausible(pts, box)) {
            last = null;
            return null;
        }
        last = pts;
        return pts;
    }

    /** Rejects collapsed or exploded shapes (no face in the box). */
    static boolean plausible(float[] p, FaceBox box) {
        double iod = Math.hypot(p[72] - p[90], p[73] - p[91]);
        return iod > 0.2 * box.width() && iod < 1.2 * box.width();
    }
}
