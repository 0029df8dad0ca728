package io.adamesh.track;

import java.util.List;

/**
 * Per-frame face landmarks for a video: cascade detection + {@link FaceTrack} selects one face,
 * dlib's predictor places 68 points in its box. Between detections (every {@code detectEvery}
 * frames) the box is the one in which dlib's mean shape best fits the previous frame's landmarks
 * ({@link DlibShapePredictor#boxFor}), which is both faster and steadier than re-detecting.
 * <p>
 * Boxes are fitted to the rigid part of the face only: brows, nose and eyes (points
 * {@value #RIGID_FROM}..{@value #RIGID_END} - 1), which do not move with the jaw or the lips. A box
 * fitted to all inner points follows the mouth: when dlib misplaces it (with the jaw open it
 * can put the whole mouth on the shadow under the nose), the next box is smaller and higher, and
 * the collapse is kept for the rest of the clip. The cascade's box, converted to dlib's convention,
 * is small and high for OpenHead, more so with the jaw open (on a frontal render 242 px wide where
 * the mean shape fits the true points in 289 px, 224 for 315 with the jaw open 18 degrees), so on
 * a detection frame the points are predicted again in the box of their own rigid part
 * ({@value #REFINE} times): the regression trees then start from a mean shape whose mouth and chin
 * sit near the real ones. A detection that overlaps the followed box (IoU at least
 * {@value #SAME_FACE_IOU}) only confirms it; the followed box is kept. Not thread-safe.
 */
public final class LandmarkTracker {
    private final FaceDetector detector;
    private final DlibShapePredictor predictor;
    private final FaceTrack track = new FaceTrack();
    private final int detectEvery;
    static final int RIGID_FROM = 17;
    static final int RIGID_END = 48;
    static final int REFINE = 2;
    static final double SAME_FACE_IOU = 0.5;
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
        boolean detected = last == null || frame % detectEvery == 0;
        if (detected) {
            List<FaceBox> found = detector.detect(image);
            box = track.update(found);
            if (last != null) {
                FaceBox followed = rigidBox(last);
                if (box == null || box.iou(followed) >= SAME_FACE_IOU) {
                    // the detector missed (blink, motion blur) or confirms the face being followed,
                    // whose box from the points is the better one
                    box = followed;
                    detected = false;
                }
            }
        } else {
            box = rigidBox(last);
        }
        frame++;
        if (box == null) {
            last = null;
            return null;
        }
        float[] pts = predictor.predict(image.pixels(), image.width(), image.height(), box);
        for (int i = 0; detected && i < REFINE && plausible(pts, box); i++) {
            box = rigidBox(pts);
            pts = predictor.predict(image.pixels(), image.width(), image.height(), box);
        }
        if (!plausible(pts, box)) {
            last = null;
            return null;
        }
        last = pts;
        return pts;
    }

    private FaceBox rigidBox(float[] points) {
        return predictor.partCount() == 68 ? predictor.boxFor(points, RIGID_FROM, RIGID_END) : predictor.boxFor(points);
    }

    /** Rejects collapsed or exploded shapes (no face in the box). */
    static boolean plausible(float[] p, FaceBox box) {
        double iod = Math.hypot(p[72] - p[90], p[73] - p[91]);
        return iod > 0.2 * box.width() && iod < 1.2 * box.width();
    }
}
