package io.adamesh.track;

import java.util.Arrays;

/**
 * Eye openness read from the pixels around each eye rather than from the shape of dlib's eye
 * points, which barely move when a stylised or low-contrast face blinks (on OpenHead renders dlib's
 * eye aspect ratio is no lower with the eyes shut than open).
 *
 * <p>Per eye, a grid is sampled in the eye's own frame: u along the line through the two eye corners
 * (36-39 or 42-45), v across it, both in eye widths around the mean of the six eye points, so it
 * follows head roll, yaw and scale. The skin colour is the median over the grid outside a window
 * around the eye (cheek, lid, temple); inside the window a cell counts as eye when its chromaticity
 * differs from the skin's (white sclera, coloured iris) or it is much darker (pupil, dark iris).
 * The raw openness is the fraction of the window that is eye. The window reaches further below the
 * points than above, towards the cheek rather than the brow, because a predictor that misplaces eye
 * points on an unusual face tends to put them on the upper lid.
 *
 * <p>The raw value depends on the person, eye size, make-up and lighting, so {@link #eyeChannels}
 * turns a clip's values into blink and eyeWide channels with a per-clip calibration: the open level
 * is a high percentile of the clip's values (eyes are open most of the time), and a frame's closure
 * is how far it falls below that level, with a dead zone for gaze and small lid motion and a floor
 * for lashes that stay dark on a closed lid; eyeWide is how far a frame rises above the clip's
 * median, beyond a dead zone for the change a head turn makes. A squint narrows the eye like a
 * partial blink and reads as one.
 */
public final class EyeOpenness {
    static final int GU = 32, GV = 32;
    /** Grid half-extent in eye widths. */
    static final double GRID_HALF = 1.0;
    /** The eye window: |u| below WIN_U, v from WIN_TOP (up) to WIN_BOTTOM (down), eye widths. */
    static final double WIN_U = 0.45, WIN_TOP = -0.35, WIN_BOTTOM = 0.75;
    /** Chromaticity distance (r, b of r+g+b) from the skin's beyond which a cell is eye. */
    static final double CHROMA = 0.07;
    /** Brightness ratio to the skin's below which a cell is eye. */
    static final double DARK = 0.55;
    /** Eyes narrower than this (pixels) are not measured. */
    static final double MIN_EYE_PIXELS = 8;

    /** Percentile of a clip's openness taken as the open-eye level. */
    static final double OPEN_PERCENTILE = 0.8;
    /** Percentile of a clip's openness taken as the neutral level (against which wide eyes are read). */
    static final double NEUTRAL_PERCENTILE = 0.5;
    /** Fraction of the open level a shut eye still reads (lashes, lid line). */
    static final double CLOSED_FLOOR = 0.15;
    /** Closure below this (1 - openness / open level) reads as no blink. */
    static final double DEAD_ZONE = 0.25;
    /** Openness this far above the neutral level (relative) reads as no eyeWide: head turns move it ~20 %. */
    static final double WIDE_DEAD_ZONE = 0.2;
    /** Relative openness above the dead zone that reads as fully wide (OpenHead's eyeWide adds ~50 %). */
    static final double WIDE_GAIN = 0.3;
    /** Fewer measured frames than this and the clip is not calibrated. */
    static final int MIN_FRAMES = 10;
    /** Open levels below this mean the eye region shows no eye contrast (sunglasses, tiny face). */
    static final double MIN_OPEN_LEVEL = 0.03;

    private EyeOpenness() {}

    /**
     * Raw openness of the subject's right eye (points 36..41, on the image's left) and left eye
     * (42..47) in one frame; NaN for an eye that is too small to measure.
     *
     * @param rgb packed RGB, row-major, {@code 3 * width * height}
     * @param landmarks 68 points, interleaved x, y
     */
    public static double[] measure(byte[] rgb, int width, int height, float[] landmarks) {
        return new double[] {eye(rgb, width, height, landmarks, 36), eye(rgb, width, height, landmarks, 42)};
    }

    static double eye(byte[] rgb, int width, int height, float[] p, int first) {
        double w = Math.hypot(p[2 * (first + 3)] - p[2 * first], p[2 * (first + 3) + 1] - p[2 * first + 1]);
        if (!(w >= MIN_EYE_PIXELS)) {
            return Double.NaN;
        }
        float[] g = grid(rgb, width, height, p, first);
        int cells = GU * GV;
        float[] rr = new float[cells], bb = new float[cells], ll = new float[cells];
        int nr = 0;
        for (int j = 0; j < GV; j++) {
            for (int i = 0; i < GU; i++) {
                if (!inWindow(u(i), v(j))) {
                    int q = 3 * (j * GU + i);
                    float lum = g[q] + g[q + 1] + g[q + 2] + 1e-3f;
                    rr[nr] = g[q] / lum;
                    bb[nr] = g[q + 2] / lum;
                    ll[nr] = lum;
                    nr++;
                }
            }
        }
        double sr = median(rr, nr), sb = median(bb, nr), sl = median(ll, nr);
        int eye = 0, n = 0;
        for (int j = 0; j < GV; j++) {
            for (int i = 0; i < GU; i++) {
                if (inWindow(u(i), v(j))) {
                    int q = 3 * (j * GU + i);
                    double lum = g[q] + g[q + 1] + g[q + 2] + 1e-3;
                    double dr = g[q] / lum - sr, db = g[q + 2] / lum - sb;
                    if (Math.hypot(dr, db) > CHROMA || lum < DARK * sl) {
                        eye++;
                    }
                    n++;
                }
            }
        }
        return eye / (double) n;
    }

    /**
     * Eye channels from a clip's raw openness: per frame {eyeBlinkRight, eyeBlinkLeft, eyeWideRight,
     * eyeWideLeft} in 0..1, NaN where the frame or the eye was not measured or the clip's eye could
     * not be calibrated. Blinks are read against the open level, eyeWide against the neutral
     * (median) level. Input rows may be null (no face in that frame).
     */
    public static double[][] eyeChannels(double[][] raw) {
        int n = raw.length;
        double[][] out = new double[n][];
        for (int f = 0; f < n; f++) {
            out[f] = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        for (int e = 0; e < 2; e++) {
            double open = openLevel(raw, e);
            if (Double.isNaN(open)) {
                continue;
            }
            double neutral = level(raw, e, NEUTRAL_PERCENTILE);
            for (int f = 0; f < n; f++) {
                if (raw[f] != null && Double.isFinite(raw[f][e])) {
                    out[f][e] = blink(raw[f][e], open);
                    out[f][2 + e] = wide(raw[f][e], neutral);
                }
            }
        }
        return out;
    }

    /** The clip's open-eye level for eye {@code e}, or NaN when it cannot be calibrated. */
    static double openLevel(double[][] raw, int e) {
        double open = level(raw, e, OPEN_PERCENTILE);
        return open >= MIN_OPEN_LEVEL ? open : Double.NaN;
    }

    /** Percentile {@code q} of eye {@code e}'s readings, NaN with fewer than {@link #MIN_FRAMES}. */
    static double level(double[][] raw, int e, double q) {
        double[] vals = new double[raw.length];
        int m = 0;
        for (double[] r : raw) {
            if (r != null && Double.isFinite(r[e])) {
                vals[m++] = r[e];
            }
        }
        if (m < MIN_FRAMES) {
            return Double.NaN;
        }
        Arrays.sort(vals, 0, m);
        return vals[Math.min(m - 1, (int) Math.floor(q * (m - 1)))];
    }

    /** Blink value of one reading against the open level. */
    static double blink(double openness, double openLevel) {
        double closure = 1 - openness / openLevel;
        double b = (closure - DEAD_ZONE) / (1 - CLOSED_FLOOR - DEAD_ZONE);
        return Math.max(0, Math.min(1, b));
    }

    /** Wide value of one reading against the neutral level. */
    static double wide(double openness, double neutralLevel) {
        double b = (openness / neutralLevel - 1 - WIDE_DEAD_ZONE) / WIDE_GAIN;
        return Math.max(0, Math.min(1, b));
    }

    static boolean inWindow(double u, double v) {
        return Math.abs(u) <= WIN_U && v >= WIN_TOP && v <= WIN_BOTTOM;
    }

    static double u(int i) { return -GRID_HALF + 2 * GRID_HALF * (i + 0.5) / GU; }
    static double v(int j) { return -GRID_HALF + 2 * GRID_HALF * (j + 0.5) / GV; }

    private static double median(float[] a, int n) {
        if (n == 0) {
            return 0;
        }
        float[] c = Arrays.copyOf(a, n);
        Arrays.sort(c);
        return c[n / 2];
    }

    /**
     * Samples RGB on the eye's grid (3 floats per cell, row-major by v): u along the corner axis,
     * v across it (down in an upright face), both in eye widths, centred on the six points' mean.
     */
    static float[] grid(byte[] rgb, int width, int height, float[] p, int first) {
        double ax = p[2 * first], ay = p[2 * first + 1];
        double bx = p[2 * (first + 3)], by = p[2 * (first + 3) + 1];
        double w = Math.hypot(bx - ax, by - ay);
        double ex = (bx - ax) / w, ey = (by - ay) / w;
        double nx = -ey, ny = ex;
        double cx = 0, cy = 0;
        for (int k = 0; k < 6; k++) {
            cx += p[2 * (first + k)];
            cy += p[2 * (first + k) + 1];
        }
        cx /= 6;
        cy /= 6;
        float[] out = new float[GU * GV * 3];
        for (int j = 0; j < GV; j++) {
            double v = v(j);
            for (int i = 0; i < GU; i++) {
                double u = u(i);
                double x = cx + u * w * ex + v * w * nx, y = cy + u * w * ey + v * w * ny;
                bilinear(rgb, width, height, x, y, out, 3 * (j * GU + i));
            }
        }
        return out;
    }

    private static void bilinear(byte[] rgb, int w, int h, double x, double y, float[] out, int o) {
        x = Math.max(0, Math.min(w - 1.001, x));
        y = Math.max(0, Math.min(h - 1.001, y));
        int x0 = (int) x, y0 = (int) y;
        double fx = x - x0, fy = y - y0;
        int i00 = 3 * (y0 * w + x0), i01 = i00 + 3, i10 = i00 + 3 * w, i11 = i10 + 3;
        for (int c = 0; c < 3; c++) {
            double a = rgb[i00 + c] & 0xff, b = rgb[i01 + c] & 0xff;
            double cc = rgb[i10 + c] & 0xff, d = rgb[i11 + c] & 0xff;
            out[o + c] = (float) ((a * (1 - fx) + b * fx) * (1 - fy) + (cc * (1 - fx) + d * fx) * fy);
        }
    }
}
