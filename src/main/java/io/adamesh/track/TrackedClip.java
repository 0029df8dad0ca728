package io.adamesh.track;

import io.adamesh.clip.Clip;

/**
 * A tracked reference: the clip (same format as generated animation), the 68 observed landmarks
 * per frame (null where no face), per-frame RMS landmark residual in pixels (NaN where no face),
 * confidence 0..1, whether the frame was usable (unusable frames are interpolated in the clip) and
 * the raw pixel eye openness {right, left} ({@link EyeOpenness}; null where not measured).
 */
public record TrackedClip(Clip clip, float[][] landmarks, double[] residualPixels, double[] confidence,
                          boolean[] usable, double[][] eyeOpenness) {
    public int usableFrames() {
        int n = 0;
        for (boolean u : usable) {
            if (u) {
                n++;
            }
        }
        return n;
    }

    public double usableSeconds() {
        return usableFrames() / clip.fps();
    }
}
