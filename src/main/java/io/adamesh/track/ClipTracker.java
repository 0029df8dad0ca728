package io.adamesh.track;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Turns per-frame landmarks into a {@link TrackedClip}: identity fitted on up to 20 frames
 * (alternating with their pose and expression), then a sequential per-frame fit with the temporal
 * prior, frames whose fit is poor flagged, and flagged frames interpolated from their neighbours.
 * When pixel eye openness is given ({@link EyeOpenness}), it is calibrated over the clip and the
 * blink and eyeWide channels follow it rather than dlib's lid points. Frames whose mouth points are
 * not on a mouth ({@link RigFitter#mouthPlausible}) keep their pose and eyes but have their jaw and
 * mouth channels interpolated from the nearest frames that saw the mouth.
 */
public final class ClipTracker {
    /** A frame is usable when its RMS residual is below this percent of the eye-corner distance. */
    static final double MAX_RESIDUAL_PERCENT = 8.0;
    /** Less usable face than this and tracking fails with a message. */
    public static final double MIN_USABLE_SECONDS = 1.0;
    /** Flagged frames below this residual (percent of the eye distance) keep their measured eye channels. */
    static final double EYES_KEPT_RESIDUAL_PERCENT = 2 * MAX_RESIDUAL_PERCENT;

    private final RigFitter fitter;

    public ClipTracker(RigFitter fitter) {
        this.fitter = fitter;
    }

    public TrackedClip track(float[][] landmarks, double fps, DoubleConsumer progress) throws TrackingException {
        return track(landmarks, null, fps, progress);
    }

    /**
     * Tracks with per-frame raw eye openness ({@link EyeOpenness#measure}, {right, left}; the array
     * or a frame's entry may be null where not measured).
     */
    public TrackedClip track(float[][] landmarks, double[][] eyeOpenness, double fps, DoubleConsumer progress)
            throws TrackingException {
        int n = landmarks.length;
        double[][] eyes = eyeOpenness == null ? new double[n][] : EyeOpenness.eyeChannels(eyeOpenness);
        boolean[] usable = new boolean[n];
        for (int i = 0; i < n; i++) {
            usable[i] = landmarks[i] != null;
        }
        requireEnough(usable, fps, n, "a face was found in");
        // 1. identity: alternate per-frame fits and the shared shape on a subset
        List<Integer> subset = RigFitter.identityFrames(usable, 20);
        List<float[]> obs = new ArrayList<>();
        for (int i : subset) {
            obs.add(landmarks[i]);
        }
        for (int round = 0; round < 2; round++) {
            List<double[]> params = new ArrayList<>();
            for (int k = 0; k < obs.size(); k++) {
                params.add(fitter.fitFrame(obs.get(k), eyes[subset.get(k)], null, 15).params());
            }
            fitter.fitIdentity(obs, params, 6);
        }
        // 2. sequential per-frame fit
        int p = fitter.parameterCount();
        double[][] x = new double[n][];
        double[] residual = new double[n];
        double[] confidence = new double[n];
        boolean[] nearMiss = new boolean[n];
        double[] prev = null;
        boolean[] mouthSeen = new boolean[n];
        for (int i = 0; i < n; i++) {
            residual[i] = Double.NaN;
            if (usable[i]) {
                RigFitter.FrameFit fit = fitter.fitFrame(landmarks[i], eyes[i], prev, prev == null ? 20 : 8);
                residual[i] = fit.rmsPixels();
                double rel = fit.rmsPercentIod();
                if (rel > MAX_RESIDUAL_PERCENT || !Double.isFinite(rel)) {
                    usable[i] = false;
                    nearMiss[i] = rel <= EYES_KEPT_RESIDUAL_PERCENT;
                    prev = null;
                } else {
                    x[i] = fit.params();
                    mouthSeen[i] = fitter.mouthPlausible(landmarks[i], x[i]);
                    confidence[i] = Math.exp(-0.5 * Math.pow(rel / (MAX_RESIDUAL_PERCENT / 2), 2));
                    prev = x[i];
                }
            } else {
                prev = null;
            }
            if (progress != null) {
                progress.accept((i + 1) / (double) n);
            }
        }
        requireEnough(usable, fps, n, "the face model fits");
        interpolate(x, usable, p);
        interpolateParams(x, mouthSeen, fitter.mouthParams());
        keepMeasuredEyes(x, eyes, nearMiss);
        return new TrackedClip(toClip(x, fps), landmarks, residual, confidence, usable,
                eyeOpenness == null ? new double[n][] : eyeOpenness.clone());
    }

    /**
     * A flagged frame whose fit was only somewhat poor (the face turned further than the model fits
     * well) still had its eyes found: its measured eye channels replace the interpolated ones, so
     * that a blink in a turned head is not interpolated away.
     */
    private void keepMeasuredEyes(double[][] x, double[][] eyes, boolean[] nearMiss) {
        int[] params = fitter.eyeChannelParams();
        for (int i = 0; i < x.length; i++) {
            if (!nearMiss[i] || eyes[i] == null) {
                continue;
            }
            for (int k = 0; k < params.length && k < eyes[i].length; k++) {
                if (params[k] >= 0 && Double.isFinite(eyes[i][k])) {
                    x[i][params[k]] = eyes[i][k];
                }
            }
        }
    }

    private static void requireEnough(boolean[] usable, double fps, int n, String what) throws TrackingException {
        int count = 0;
        for (boolean u : usable) {
            if (u) {
                count++;
            }
        }
        double seconds = count / fps;
        if (seconds < MIN_USABLE_SECONDS) {
            throw new TrackingException(String.format(
                    "too little usable face: %s %.1f s of %.1f s (%d of %d frames); at least %.1f s are needed. "
                            + "Use a video with the face frontal, well lit and unoccluded.",
                    what, seconds, n / fps, count, n, MIN_USABLE_SECONDS));
        }
    }

    /**
     * Fills parameters {@code params} of frames that did not see them linearly between the nearest
     * frames that did (held at the ends); unchanged when no frame saw them.
     */
    static void interpolateParams(double[][] x, boolean[] seen, int[] params) {
        int n = x.length;
        int lastGood = -1;
        for (int i = 0; i < n; i++) {
            if (!seen[i]) {
                continue;
            }
            for (int k = lastGood + 1; k < i; k++) {
                double t = lastGood < 0 ? 1 : (k - lastGood) / (double) (i - lastGood);
                for (int j : params) {
                    x[k][j] = lastGood < 0 ? x[i][j] : x[lastGood][j] + t * (x[i][j] - x[lastGood][j]);
                }
            }
            lastGood = i;
        }
        if (lastGood < 0) {
            return;
        }
        for (int k = lastGood + 1; k < n; k++) {
            for (int j : params) {
                x[k][j] = x[lastGood][j];
            }
        }
    }

    /** Fills unusable frames linearly between the nearest usable ones (held at the ends). */
    static void interpolate(double[][] x, boolean[] usable, int p) {
        int n = x.length;
        int lastGood = -1;
        for (int i = 0; i < n; i++) {
            if (!usable[i]) {
                continue;
            }
            if (lastGood < 0) {
                for (int k = 0; k < i; k++) {
                    x[k] = x[i].clone();
                }
            } else if (i - lastGood > 1) {
                for (int k = lastGood + 1; k < i; k++) {
                    double t = (k - lastGood) / (double) (i - lastGood);
                    x[k] = new double[p];
                    for (int j = 0; j < p; j++) {
                        x[k][j] = x[lastGood][j] + t * (x[i][j] - x[lastGood][j]);
                    }
                }
            }
            lastGood = i;
        }
        for (int k = lastGood + 1; k < n; k++) {
            x[k] = x[lastGood].clone();
        }
    }

    private Clip toClip(double[][] x, double fps) {
        FaceModel model = fitter.model();
        Clip.Builder b = new Clip.Builder(model, fps);
        double[] id = fitter.identity();
        int[] channels = fitter.channelIndices();
        for (double[] f : x) {
            FaceParams p = model.newParams();
            for (int k = 0; k < id.length; k++) {
                p.setShape(k, (float) id[k]);
            }
            p.setJointRotation(FaceModel.NECK, (float) f[0], (float) f[1], (float) f[2]);
            p.translation()[0] = (float) f[3];
            p.translation()[1] = (float) f[4];
            p.translation()[2] = (float) f[5];
            p.setJointRotation(FaceModel.JAW, (float) f[6], 0, 0);
            for (int c = 0; c < channels.length; c++) {
                p.setExpression(channels[c], (float) f[RigFitter.POSE_PARAMS + c]);
            }
            b.add(p);
        }
        return b.build();
    }
}
