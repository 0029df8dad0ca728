package io.adamesh.track;

import io.adamesh.face.FaceModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the face model to 68 image landmarks: per frame the head pose (neck joint rotation, world
 * translation; {@link PinholeCamera}), the jaw joint and a set of expression channels the landmarks
 * can see; one identity (a few shape coefficients) shared by the whole clip. Levenberg-Marquardt
 * with forward-difference Jacobians over {@link LandmarkRig}; expressions are bounded to [0, 1] and
 * the jaw to [0, {@value #JAW_MAX}] rad by projection; L2 priors pull expressions and identity
 * towards 0 and a temporal prior pulls each frame towards the previous frame's solution.
 *
 * <p>Residuals are measured in percent of the observed outer-eye-corner distance so that weights do
 * not depend on the face's size in pixels. The terms depend on the frame's yaw (ADR 0022): the
 * jaw-line points of the side turned away fade out ({@link #FAR_CONTOUR_FADE}), and dlib's points
 * are expected where the head's {@link LandmarkOffsets} put them relative to the embedding; after a
 * solve that moved the yaw more than {@value #REWEIGHT_YAW_DEGREES} degrees the terms are set for
 * the new yaw and the frame is solved again. The frame's RMS residual is over the points in use.
 * Not thread-safe.
 */
public final class RigFitter {
    static final double JAW_MAX = 0.5;
    /**
     * Expression channels fitted (others stay at 0): the eyes and brows, and of the mouth only the
     * major channels (smile, pucker, funnel) next to the jaw. dlib's 20 mouth points carry offsets
     * that change with head pose and expression on a face unlike its training photos, and with the
     * minor mouth channels free (frown, stretch, upper-up, lower-down, press, close) the fit spent
     * them on those offsets: in the closed loop with all of them moving in the truth ("mouth"
     * schedule) each of frown, stretch and funnel read worse than always answering 0 (MAE over the
     * 15 mouth channels 0.168, always 0: 0.143), lower-down stood in for the jaw (jaw MAE 4.7
     * deg), and stretch and pucker cancelled each other on a neutral mouth. Fitting only the major
     * channels: jaw MAE 2.4 deg, each fitted mouth channel better than 0 (over the 15: 0.119). Minor
     * channels are left to the networks (the adaptation's calibration learns them from the fitted
     * ones). ADR 0019.
     */
    public static final List<String> FITTED_CHANNELS = List.of(
            "eyeBlinkLeft", "eyeBlinkRight", "eyeWideLeft", "eyeWideRight",
            "browInnerUp", "browDownLeft", "browDownRight", "browOuterUpLeft", "browOuterUpRight",
            "mouthSmileLeft", "mouthSmileRight", "mouthPucker", "mouthFunnel");
    /** Identity coefficients fitted over the clip. */
    public static final List<String> FITTED_SHAPES = List.of(
            "headWidth", "headHeight", "jawWidth", "chinLength", "noseLength", "eyeSpacing");

    // weights (residual units: percent of inter-ocular distance)
    private static final double EXPRESSION_PRIOR = 1.5;
    private static final double JAW_PRIOR = 2.0;
    private static final double IDENTITY_PRIOR = 4.0;
    private static final double TEMPORAL_EXPRESSION = 1.5;
    private static final double TEMPORAL_ROTATION = 40.0;   // per radian
    private static final double CONTOUR_WEIGHT = 0.3;       // jaw-line points 0..16 slide on a 3D face
    /**
     * Yaw (rad) over which the jaw-line points of the side turned away from the camera fade from
     * {@link #CONTOUR_WEIGHT} to 0. dlib puts them on the visible outline of the cheek, which moves
     * round the face as the head turns, while the embedding ties each to one mesh point that turns
     * out of sight: on OpenHead turned 25-30 degrees those points lie 20-47 % of the eye distance
     * outside the embedded points (the near side's 0-10 %), and a pose fitted to the jaw line alone
     * reads the yaw 13-19 degrees low ({@code PoseResidualProbe -Dgroups}). With them in, 30 degrees
     * read as 21-22 and such frames' residual exceeded {@link ClipTracker#MAX_RESIDUAL_PERCENT}. A
     * 10-degree fade: the far side's points are already off by ~10 % at 13 degrees.
     */
    static final double FAR_CONTOUR_FADE = Math.toRadians(10);
    /** The frame's landmark terms are set again and the frame solved again when its yaw moved more than this. */
    static final double REWEIGHT_YAW_DEGREES = 0.5;
    private static final double REWEIGHT_YAW = Math.toRadians(REWEIGHT_YAW_DEGREES);
    /**
     * Pull of the blink and eyeWide channels towards pixel-measured values ({@link EyeOpenness});
     * strong enough to outweigh the lid points (a full blink moves each model lid point by a few
     * percent of the eye distance), which on faces unlike dlib's training photos barely follow the
     * lids. Much stronger and frames whose lid points disagree get flagged and lose their blink.
     */
    private static final double EYE_OBSERVATION = 40.0;

    /**
     * Observed nose-to-upper-lip and nose-to-chin distances (each over the nose length) below these
     * fractions of the model's own closed mouth mean the mouth points are not on the mouth
     * ({@link #mouthPlausible}). dlib's scatter on our renders of plausible frames reaches about
     * 0.9 of the model's values (closed-loop talk and turn schedules); collapsed frames read 0.3-0.8.
     */
    static final double MIN_NOSE_TO_LIP = 0.8, MIN_NOSE_TO_CHIN = 0.9;

    private final FaceModel model;
    private final LandmarkRig rig;
    private final PinholeCamera camera;
    private final int[] channelIndex;
    private final int[] shapeIndex;
    private final int neck, jaw;
    private final double[] identity;             // full shape vector
    private final double[] lmk3, proj, expr, pose, trans, shapeScratch;
    private final double[] landmarkWeight;
    /**
     * Side of the face of each jaw-line point 0..16: +1 or -1 by the sign of its x in the head's
     * frame, 0 for the chin points 6..10, which stay in.
     */
    private final double[] landmarkSide;
    private final LandmarkOffsets offsets;
    /** Where the frame's dlib points are expected relative to the projected embedding (pixels, [2 * 68]). */
    private final double[] expectedOffset;
    /** The yaw (rad) the current {@link #landmarkWeight} were set for. */
    private double weightYaw = Double.NaN;
    private final int blinkLeftParam, blinkRightParam, wideLeftParam, wideRightParam;
    private double[] eyeObservation;             // {blinkR, blinkL, wideR, wideL} for the frame being fitted, or null

    /** Parameter layout per frame: rx, ry, rz, tx, ty, tz, jaw, channels... */
    static final int POSE_PARAMS = 7;

    public RigFitter(FaceModel model, PinholeCamera camera) {
        this(model, camera, LandmarkOffsets.forModel(model));
    }

    /** With explicit landmark offsets ({@link LandmarkOffsets#none()} for points on the embedding). */
    RigFitter(FaceModel model, PinholeCamera camera, LandmarkOffsets offsets) {
        this.model = model;
        this.offsets = offsets;
        this.rig = new LandmarkRig(model);
        this.camera = camera;
        this.channelIndex = FITTED_CHANNELS.stream().mapToInt(model::expressionIndex).filter(i -> i >= 0).toArray();
        this.shapeIndex = FITTED_SHAPES.stream().mapToInt(model::shapeIndex).filter(i -> i >= 0).toArray();
        this.neck = FaceModel.NECK;
        this.jaw = FaceModel.JAW;
        identity = new double[rig.shapeCount()];
        int l = rig.landmarkCount();
        lmk3 = new double[l * 3];
        proj = new double[l * 2];
        expr = new double[rig.expressionCount()];
        pose = new double[rig.jointCount() * 3];
        trans = new double[3];
        shapeScratch = new double[identity.length];
        blinkLeftParam = paramOf(model.expressionIndex("eyeBlinkLeft"));
        blinkRightParam = paramOf(model.expressionIndex("eyeBlinkRight"));
        wideLeftParam = paramOf(model.expressionIndex("eyeWideLeft"));
        wideRightParam = paramOf(model.expressionIndex("eyeWideRight"));
        landmarkWeight = new double[l];
        expectedOffset = new double[2 * l];
        for (int i = 0; i < l; i++) {
            landmarkWeight[i] = i <= 16 ? CONTOUR_WEIGHT : 1.0;
        }
        landmarkSide = new double[Math.min(17, l)];
        rig.evaluate(identity, expr, pose, trans, lmk3);   // neutral, frontal
        double noseX = lmk3[3 * 30];
        for (int k = 0; k < Math.min(17, l); k++) {
            landmarkSide[k] = k >= 6 && k <= 10 ? 0 : Math.signum(lmk3[3 * k] - noseX);
        }
    }

    /**
     * Prepares the frame's landmark terms for a head turned by {@code yaw} (the neck's y
     * axis-angle, rad) whose observed points are {@code obs}: the jaw-line points of the side turned
     * away from the camera (a point at x &gt; 0 turns away when the yaw is positive) fade out over
     * {@link #FAR_CONTOUR_FADE}, and dlib's points are expected at the projected embedding plus the
     * head's {@link LandmarkOffsets} at that yaw.
     */
    void setPoseWeights(double yaw, float[] obs) {
        weightYaw = yaw;
        if (landmarkWeight.length == FaceModel.LANDMARKS) {
            offsets.pixelOffsets(yaw, obs, expectedOffset);
        }
        for (int k = 0; k < landmarkSide.length; k++) {
            double away = landmarkSide[k] * yaw;
            landmarkWeight[k] = CONTOUR_WEIGHT * (away > 0 ? Math.max(0, 1 - away / FAR_CONTOUR_FADE) : 1);
        }
    }

    /** The current weight of landmark {@code k} (0 where the frame's pose leaves it out). */
    double landmarkWeight(int k) {
        return landmarkWeight[k];
    }

    private int paramOf(int expression) {
        for (int c = 0; c < channelIndex.length; c++) {
            if (channelIndex[c] == expression) {
                return POSE_PARAMS + c;
            }
        }
        return -1;
    }

    /** Parameter indices of {eyeBlinkRight, eyeBlinkLeft, eyeWideRight, eyeWideLeft} (-1 where not fitted). */
    public int[] eyeChannelParams() {
        return new int[] {blinkRightParam, blinkLeftParam, wideRightParam, wideLeftParam};
    }

    public FaceModel model() { return model; }
    public PinholeCamera camera() { return camera; }
    public int parameterCount() { return POSE_PARAMS + channelIndex.length; }
    public int[] channelIndices() { return channelIndex.clone(); }
    public double[] identity() { return identity.clone(); }

    public void setIdentity(double[] shape) {
        System.arraycopy(shape, 0, identity, 0, identity.length);
    }

    /** Projects the model's landmarks for frame parameters {@code x} into {@code out} (pixels). */
    public void project(double[] x, double[] shape, double[] out) {
        java.util.Arrays.fill(expr, 0);
        java.util.Arrays.fill(pose, 0);
        pose[neck * 3] = x[0];
        pose[neck * 3 + 1] = x[1];
        pose[neck * 3 + 2] = x[2];
        trans[0] = x[3];
        trans[1] = x[4];
        trans[2] = x[5];
        pose[jaw * 3] = x[6];
        for (int c = 0; c < channelIndex.length; c++) {
            expr[channelIndex[c]] = x[POSE_PARAMS + c];
        }
        rig.evaluate(shape, expr, pose, trans, lmk3);
        camera.project(lmk3, out, rig.landmarkCount());
    }

    /**
     * Whether the observed mouth and chin points can belong to this face at the fitted frame
     * parameters {@code x}: the nose-to-upper-lip (33-51) and nose-to-chin (33-8) distances, each
     * over the nose length (27-33, so that scale and most of the pitch cancel), are compared with
     * the model's own closed mouth at the same pose and identity. Opening the jaw only lengthens
     * both, and no mouth channel raises the upper lip to the nose, so points well below those
     * minima mean the landmarker put the mouth somewhere else. On OpenHead renders with the jaw
     * wide open dlib puts it on the shadow under the nose, and the fit then reads a closed jaw and
     * lets smile, pucker and stretch absorb the rest.
     */
    public boolean mouthPlausible(float[] obs, double[] x) {
        double[] closed = x.clone();
        for (int k = 6; k < closed.length; k++) {
            closed[k] = 0;
        }
        double[] p = new double[proj.length];
        project(closed, identity, p);
        double nose = Math.hypot(p[66] - p[54], p[67] - p[55]);
        double obsNose = Math.hypot(obs[66] - obs[54], obs[67] - obs[55]);
        if (nose < 1e-9 || obsNose < 1e-9) {
            return false;
        }
        double lip = Math.hypot(p[102] - p[66], p[103] - p[67]) / nose;
        double chin = Math.hypot(p[16] - p[66], p[17] - p[67]) / nose;
        double obsLip = Math.hypot(obs[102] - obs[66], obs[103] - obs[67]) / obsNose;
        double obsChin = Math.hypot(obs[16] - obs[66], obs[17] - obs[67]) / obsNose;
        return obsLip >= MIN_NOSE_TO_LIP * lip && obsChin >= MIN_NOSE_TO_CHIN * chin;
    }

    /** Parameter indices of the jaw and the fitted mouth channels. */
    public int[] mouthParams() {
        List<Integer> out = new ArrayList<>();
        out.add(6);
        for (int c = 0; c < channelIndex.length; c++) {
            if (model.expressionNames().get(channelIndex[c]).startsWith("mouth")) {
                out.add(POSE_PARAMS + c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Outer-eye-corner distance of observed points (pixels). */
    static double interOcular(float[] obs) {
        return Math.hypot(obs[72] - obs[90], obs[73] - obs[91]);
    }

    /** A starting point for a frame: neutral face, frontal, depth from the eye distance. */
    public double[] initialGuess(float[] obs) {
        double[] x = new double[parameterCount()];
        x[5] = -0.6;
        project(x, identity, proj);
        double modelIod = Math.hypot(proj[72] - proj[90], proj[73] - proj[91]);
        double iod = interOcular(obs);
        double z = -0.6 * modelIod / Math.max(iod, 1e-3);
        double mx = 0, my = 0, ox = 0, oy = 0;
        int n = rig.landmarkCount();
        for (int i = 17; i < n; i++) {
            mx += proj[2 * i]; my += proj[2 * i + 1];
            ox += obs[2 * i]; oy += obs[2 * i + 1];
        }
        mx /= n - 17; my /= n - 17; ox /= n - 17; oy /= n - 17;
        // rescale the model's centroid offset to the new depth, then move it onto the observation
        double f = camera.focal(), cx = camera.width() / 2.0, cy = camera.height() / 2.0;
        double scale = 0.6 / -z;
        double px = cx + (mx - cx) * scale, py = cy + (my - cy) * scale;
        x[3] = (ox - px) * -z / f;
        x[4] = -(oy - py) * -z / f;
        x[5] = z;
        return x;
    }

    /** Result of one frame's fit: parameters, RMS residual in pixels and in percent of eye distance. */
    public record FrameFit(double[] params, double rmsPixels, double rmsPercentIod) {}

    /**
     * Fits one frame. {@code previous} (may be null) is both the starting point and the temporal
     * prior's target.
     */
    public FrameFit fitFrame(float[] obs, double[] previous, int iterations) {
        return fitFrame(obs, null, previous, iterations);
    }

    /**
     * Fits one frame with measured eye channels: {@code eyes} is {eyeBlinkRight, eyeBlinkLeft,
     * eyeWideRight, eyeWideLeft} in 0..1 (as {@link EyeOpenness#eyeChannels}; shorter, NaN entries
     * or null where not measured), which those channels are pulled towards instead of towards 0.
     */
    public FrameFit fitFrame(float[] obs, double[] eyes, double[] previous, int iterations) {
        eyeObservation = eyes;
        try {
            return fitFrameWithObservations(obs, previous, iterations);
        } finally {
            eyeObservation = null;
        }
    }

    private FrameFit fitFrameWithObservations(float[] obs, double[] previous, int iterations) {
        double[] x = previous != null ? previous.clone() : initialGuess(obs);
        setPoseWeights(x[1], obs);
        if (previous == null) {
            // pose first (expressions frozen), so that the expression step starts from a good pose
            x = solve(obs, x, null, 6, POSE_PARAMS - 1);
            setPoseWeights(x[1], obs);
        }
        x = solve(obs, x, previous, iterations, parameterCount());
        if (Math.abs(x[1] - weightYaw) > REWEIGHT_YAW) {
            // the far side changed under the solve: weigh the points for the pose found, and again
            setPoseWeights(x[1], obs);
            x = solve(obs, x, previous, iterations, parameterCount());
        }
        project(x, identity, proj);
        double iod = interOcular(obs);
        double se = 0;
        int n = rig.landmarkCount(), used = 0;
        for (int i = 0; i < n; i++) {
            if (landmarkWeight[i] <= 0) {
                continue;   // left out at this pose (the far side's jaw line)
            }
            double dx = proj[2 * i] + expectedOffset[2 * i] - obs[2 * i];
            double dy = proj[2 * i + 1] + expectedOffset[2 * i + 1] - obs[2 * i + 1];
            se += dx * dx + dy * dy;
            used++;
        }
        double rms = Math.sqrt(se / used);
        return new FrameFit(x, rms, 100 * rms / Math.max(iod, 1e-6));
    }

    private int residualCount(int active) {
        return 2 * rig.landmarkCount() + active;
    }

    /** Landmark and prior residuals for parameters {@code x} (first {@code active} are free). */
    private void residuals(float[] obs, double[] x, double[] prev, int active, double[] shape, double[] r) {
        project(x, shape, proj);
        double s = 100.0 / Math.max(interOcular(obs), 1e-6);
        int n = rig.landmarkCount();
        for (int i = 0; i < n; i++) {
            double w = landmarkWeight[i] * s;
            r[2 * i] = w * (proj[2 * i] + expectedOffset[2 * i] - obs[2 * i]);
            r[2 * i + 1] = w * (proj[2 * i + 1] + expectedOffset[2 * i + 1] - obs[2 * i + 1]);
        }
        int o = 2 * n;
        for (int k = 0; k < active; k++) {
            double v = 0;
            if (k < 3) {
                v = prev == null ? 0 : TEMPORAL_ROTATION * (x[k] - prev[k]);
            } else if (k == 6) {
                v = JAW_PRIOR * x[k] + (prev == null ? 0 : TEMPORAL_EXPRESSION * 4 * (x[k] - prev[k]));
            } else if (k >= POSE_PARAMS && observedEye(k) >= 0) {
                v = EYE_OBSERVATION * (x[k] - observedEye(k))
                        + (prev == null ? 0 : TEMPORAL_EXPRESSION * (x[k] - prev[k]));
            } else if (k >= POSE_PARAMS) {
                v = EXPRESSION_PRIOR * x[k] + (prev == null ? 0 : TEMPORAL_EXPRESSION * (x[k] - prev[k]));
            }
            r[o + k] = v;
        }
    }

    /** The measured value for parameter {@code k}, or -1 when {@code k} is not a measured eye channel. */
    private double observedEye(int k) {
        if (eyeObservation == null) {
            return -1;
        }
        int slot = k == blinkRightParam ? 0 : k == blinkLeftParam ? 1 : k == wideRightParam ? 2 : k == wideLeftParam ? 3 : -1;
        if (slot < 0 || slot >= eyeObservation.length) {
            return -1;
        }
        double b = eyeObservation[slot];
        return Double.isFinite(b) ? b : -1;
    }

    private double[] solve(float[] obs, double[] x0, double[] prev, int iterations, int active) {
        int m = residualCount(active);
        double[] x = x0.clone();
        double[] r = new double[m], r2 = new double[m];
        double[][] jac = new double[active][m];
        double lambda = 1e-3;
        residuals(obs, x, prev, active, identity, r);
        double cost = dot(r, r);
        for (int it = 0; it < iterations; it++) {
            for (int k = 0; k < active; k++) {
                double h = k >= 3 && k <= 5 ? 1e-5 : 1e-4;
                double keep = x[k];
                x[k] = keep + h;
                residuals(obs, x, prev, active, identity, r2);
                x[k] = keep;
                for (int i = 0; i < m; i++) {
                    jac[k][i] = (r2[i] - r[i]) / h;
                }
            }
            double[] step = null;
            double newCost = Double.MAX_VALUE;
            double[] candidate = null;
            for (int attempt = 0; attempt < 6; attempt++) {
                step = LinearSolve.dampedNormalStep(jac, r, lambda);
                candidate = x.clone();
                for (int k = 0; k < active; k++) {
                    candidate[k] -= step[k];
                }
                clamp(candidate);
                residuals(obs, candidate, prev, active, identity, r2);
                newCost = dot(r2, r2);
                if (newCost < cost) {
                    break;
                }
                lambda *= 10;
            }
            if (newCost < cost) {
                double gain = cost - newCost;
                x = candidate;
                System.arraycopy(r2, 0, r, 0, m);
                cost = newCost;
                lambda = Math.max(lambda / 10, 1e-7);
                if (gain < 1e-6 * cost) {
                    break;
                }
            } else {
                break;
            }
        }
        return x;
    }

    private void clamp(double[] x) {
        x[6] = Math.max(0, Math.min(JAW_MAX, x[6]));
        for (int k = POSE_PARAMS; k < x.length; k++) {
            x[k] = Math.max(0, Math.min(1, x[k]));
        }
        // a lid cannot be wide open and shut at once
        if (wideLeftParam >= 0 && blinkLeftParam >= 0) {
            x[wideLeftParam] = Math.min(x[wideLeftParam], 1 - x[blinkLeftParam]);
        }
        if (wideRightParam >= 0 && blinkRightParam >= 0) {
            x[wideRightParam] = Math.min(x[wideRightParam], 1 - x[blinkRightParam]);
        }
        if (x[5] > -0.05) {
            x[5] = -0.05;
        }
    }

    /**
     * Fits the shared identity to several frames whose per-frame parameters are held fixed
     * (one alternation step of the clip fit).
     */
    public void fitIdentity(List<float[]> observations, List<double[]> frameParams, int iterations) {
        int ns = shapeIndex.length;
        int n = rig.landmarkCount();
        int perFrame = 2 * n + POSE_PARAMS;   // landmark residuals (+ unused prior slots)
        int m = observations.size() * perFrame + ns;
        double[] beta = new double[ns];
        for (int k = 0; k < ns; k++) {
            beta[k] = identity[shapeIndex[k]];
        }
        double lambda = 1e-3;
        double[] r = new double[m], r2 = new double[m];
        double cost = identityResiduals(observations, frameParams, beta, r);
        double[][] jac = new double[ns][m];
        for (int it = 0; it < iterations; it++) {
            for (int k = 0; k < ns; k++) {
                double keep = beta[k];
                beta[k] = keep + 1e-4;
                identityResiduals(observations, frameParams, beta, r2);
                beta[k] = keep;
                for (int i = 0; i < m; i++) {
                    jac[k][i] = (r2[i] - r[i]) / 1e-4;
                }
            }
            double[] step = LinearSolve.dampedNormalStep(jac, r, lambda);
            double[] cand = beta.clone();
            for (int k = 0; k < ns; k++) {
                cand[k] = Math.max(-3, Math.min(3, cand[k] - step[k]));
            }
            double c2 = identityResiduals(observations, frameParams, cand, r2);
            if (c2 < cost) {
                beta = cand;
                cost = c2;
                System.arraycopy(r2, 0, r, 0, m);
                lambda /= 10;
            } else {
                lambda *= 10;
            }
        }
        for (int k = 0; k < ns; k++) {
            identity[shapeIndex[k]] = beta[k];
        }
    }

    private double identityResiduals(List<float[]> obs, List<double[]> params, double[] beta, double[] r) {
        java.util.Arrays.fill(shapeScratch, 0);
        System.arraycopy(identity, 0, shapeScratch, 0, identity.length);
        for (int k = 0; k < beta.length; k++) {
            shapeScratch[shapeIndex[k]] = beta[k];
        }
        int n = rig.landmarkCount();
        int perFrame = 2 * n + POSE_PARAMS;
        double[] rf = new double[residualCount(POSE_PARAMS)];
        for (int f = 0; f < obs.size(); f++) {
            setPoseWeights(params.get(f)[1], obs.get(f));
            residuals(obs.get(f), params.get(f), null, POSE_PARAMS, shapeScratch, rf);
            System.arraycopy(rf, 0, r, f * perFrame, 2 * n);
        }
        int o = obs.size() * perFrame;
        for (int k = 0; k < beta.length; k++) {
            r[o + k] = IDENTITY_PRIOR * Math.sqrt(obs.size()) * beta[k];
        }
        return dot(r, r);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Frames of a clip to fit the identity on: up to {@code max} evenly spaced usable ones. */
    static List<Integer> identityFrames(boolean[] usable, int max) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < usable.length; i++) {
            if (usable[i]) {
                all.add(i);
            }
        }
        if (all.size() <= max) {
            return all;
        }
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < max; k++) {
            out.add(all.get((int) ((long) k * all.size() / max)));
        }
        return out;
    }
}
