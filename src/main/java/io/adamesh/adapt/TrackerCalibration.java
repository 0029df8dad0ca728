package io.adamesh.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.model.AdaptationGraphs;
import io.adamesh.model.ExpressionNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bundle's optional {@code adapt_calibration.json} (made by training/'s fit_adapt_calibration from
 * rendered and tracked TRAINING speakers): two linear maps that undo what can be undone of the face
 * tracker's systematic errors.
 * <ul>
 * <li>{@link #style}: the speaker's style embedding from per-channel mean and spread of the tracked
 *     sequence (the style encoder itself only knows clean animation);</li>
 * <li>{@link #targets}: per frame, the true expression and jaw from the tracked channels; only channels
 *     whose calibrated R^2 on held-out calibration speakers was high enough are {@link #used()}.</li>
 * </ul>
 * Channels are the network's 44 outputs: 43 expression weights, then jaw x times {@link AdaptationGraphs#JAW_SCALE}.
 */
public final class TrackerCalibration {
    public static final String FILE = "adapt_calibration.json";
    static final int OUT = ExpressionNetwork.CHANNELS + 1;
    private final int[] in;
    private final double[] styleMean;
    private final double[] styleStd;
    private final double[][] styleW;
    private final double[] styleB;
    private final double[] inMean;
    private final double[] inStd;
    private final double[][] targetW;
    private final double[] targetB;
    private final boolean[] used;
    private final double[] r2;
    private final Path file;

    private TrackerCalibration(Path file, JsonNode root) throws IOException {
        this.file = file;
        if (!"adamesh-adapt-calibration".equals(root.path("format").asText()) || root.path("version").asInt() != 1) {
            throw new IOException(file + " is not an adamesh-adapt-calibration v1 file");
        }
        in = ints(root.path("channels_in"));
        JsonNode s = root.path("style");
        styleMean = doubles(s.path("mean"));
        styleStd = doubles(s.path("std"));
        styleW = matrix(s.path("weights"));
        styleB = doubles(s.path("bias"));
        JsonNode t = root.path("targets");
        inMean = doubles(t.path("in_mean"));
        inStd = doubles(t.path("in_std"));
        targetW = matrix(t.path("weights"));
        targetB = doubles(t.path("bias"));
        r2 = new double[OUT];
        JsonNode r = t.path("r2_heldout");
        for (int c = 0; c < OUT; c++) {
            r2[c] = r.path(c).isNumber() ? Math.max(0, Math.min(1, r.path(c).asDouble())) : 0;
        }
        used = new boolean[OUT];
        for (int c : ints(t.path("used"))) {
            if (c < 0 || c >= OUT) {
                throw new IOException(file + ": targets.used names channel " + c);
            }
            used[c] = true;
        }
        if (styleMean.length != 2 * in.length || styleW.length != styleMean.length || inMean.length != in.length
                || targetW.length != in.length || targetB.length != OUT || (targetW.length > 0 && targetW[0].length != OUT)) {
            throw new IOException(file + ": array sizes do not match channels_in (" + in.length + ")");
        }
    }

    /** The calibration next to the bundle's graphs, if the bundle has one. */
    public static Optional<TrackerCalibration> load(Path bundleDir) throws IOException {
        Path f = bundleDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        return Optional.of(new TrackerCalibration(f, new ObjectMapper().readTree(f.toFile())));
    }

    public Path file() {
        return file;
    }

    public boolean[] used() {
        return used.clone();
    }

    /** R^2 of each calibrated channel on held-out calibration speakers (0..1): how far to trust it. */
    public double[] reliability() {
        return r2.clone();
    }

    public int styleDimension() {
        return styleB.length;
    }

    /** Style embedding from the tracked reference (usable frames only). */
    public float[] style(Adapter.Reference ref) {
        int n = 0;
        double[] sum = new double[in.length];
        double[] sq = new double[in.length];
        for (int k = 0; k < ref.frames(); k++) {
            if (!ref.usable()[k]) {
                continue;
            }
            for (int j = 0; j < in.length; j++) {
                double v = tracked(ref, k, in[j]);
                sum[j] += v;
                sq[j] += v * v;
            }
            n++;
        }
        double[] z = new double[2 * in.length];
        for (int j = 0; j < in.length; j++) {
            double m = sum[j] / Math.max(1, n);
            double sd = Math.sqrt(Math.max(0, sq[j] / Math.max(1, n) - m * m));
            z[j] = (m - styleMean[j]) / styleStd[j];
            z[in.length + j] = (sd - styleMean[in.length + j]) / styleStd[in.length + j];
        }
        float[] out = new float[styleB.length];
        for (int o = 0; o < out.length; o++) {
            double v = styleB[o];
            for (int j = 0; j < z.length; j++) {
                v += z[j] * styleW[j][o];
            }
            out[o] = (float) v;
        }
        return out;
    }

    /** Calibrated 44-channel frame {@code k} of the reference into {@code out}. */
    public void targets(Adapter.Reference ref, int k, double[] out) {
        System.arraycopy(targetB, 0, out, 0, OUT);
        for (int j = 0; j < in.length; j++) {
            double z = (tracked(ref, k, in[j]) - inMean[j]) / inStd[j];
            for (int o = 0; o < OUT; o++) {
                out[o] += z * targetW[j][o];
            }
        }
    }

    private static double tracked(Adapter.Reference ref, int k, int channel) {
        return channel < ExpressionNetwork.CHANNELS ? ref.targetExpression()[k * ExpressionNetwork.CHANNELS + channel]
                : ref.targetJaw()[k] * AdaptationGraphs.JAW_SCALE;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static double[][] matrix(JsonNode a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i));
        }
        return out;
    }
}
