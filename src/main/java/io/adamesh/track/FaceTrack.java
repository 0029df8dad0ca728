package io.adamesh.track;

import java.util.List;

/**
 * Keeps one face selected across frames. The first face is the largest candidate; afterwards the
 * candidate that best overlaps the previous box (IoU) and is of a similar size wins, and a candidate
 * that overlaps nothing is rejected as a false detection unless the face has been lost for {@code reacquireFrames}. The
 * box is smoothed exponentially (less when it moves a lot, so real motion is not lagged).
 */
public final class FaceTrack {
    /**
     * A candidate more than this factor larger or smaller than the tracked box is no match: a face
     * does not change size that much between detections, while the cascade does fire on parts of a
     * turned face (an eye and brow, 60 % of the face's size, overlapped it by IoU 0.38 and took over).
     */
    static final double MAX_SIZE_CHANGE = 1.4;

    private final double minIou;
    private final int reacquireFrames;
    private FaceBox box;
    private int missed;

    public FaceTrack() {
        this(0.3, 15);
    }

    public FaceTrack(double minIou, int reacquireFrames) {
        this.minIou = minIou;
        this.reacquireFrames = reacquireFrames;
    }

    /** Feeds one frame's candidates; returns the tracked (smoothed) box, or null when none is usable. */
    public FaceBox update(List<FaceBox> candidates) {
        FaceBox chosen = null;
        if (box == null || missed > reacquireFrames) {
            chosen = candidates.isEmpty() ? null : candidates.getFirst();
            if (chosen != null) {
                box = chosen;
                missed = 0;
                return box;
            }
        } else {
            double best = minIou;
            for (FaceBox c : candidates) {
                double iou = c.iou(box);
                double size = c.width() / box.width();
                if (iou >= best && size >= 1 / MAX_SIZE_CHANGE && size <= MAX_SIZE_CHANGE) {
                    best = iou;
                    chosen = c;
                }
            }
        }
        if (chosen == null) {
            missed++;
            return null;
        }
        missed = 0;
        double iou = chosen.iou(box);
        double alpha = iou > 0.8 ? 0.35 : iou > 0.6 ? 0.6 : 1.0;   // weight of the new detection
        box = new FaceBox(mix(box.left(), chosen.left(), alpha), mix(box.top(), chosen.top(), alpha),
                mix(box.right(), chosen.right(), alpha), mix(box.bottom(), chosen.bottom(), alpha));
        return box;
    }

    /** Replaces the tracked box, e.g. with one derived from the landmarks of the last frame. */
    public void refine(FaceBox refined) {
        box = refined;
    }

    public FaceBox current() { return box; }

    private static double mix(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
