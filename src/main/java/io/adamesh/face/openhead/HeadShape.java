package io.adamesh.face.openhead;

import static io.adamesh.face.openhead.Shaping.bump;
import static io.adamesh.face.openhead.Shaping.softMax;

/**
 * The skin surface of OpenHead as a star-shaped function around a centre inside the head: a soft
 * union of ellipsoids (cranium, face, jaw angles) and an elliptic neck cylinder, plus sculpted
 * radial features (nose, brows, sockets, cheekbones, lips, chin, ears). Units are metres; y is up,
 * +z looks out of the face, +x is the subject's left. Everything is symmetric in x.
 */
final class HeadShape {
    static final Vec CENTER = new Vec(0, 0.0, -0.005);
    static final double MOUTH_Y = -0.068;
    static final double EYE_X = 0.032;
    static final double EYE_Y = 0.0;
    static final double EYE_RADIUS = 0.012;

    private record Ellipsoid(Vec c, Vec r) {
        double exit(Vec o, Vec d) {
            double ox = (o.x() - c.x()) / r.x(), oy = (o.y() - c.y()) / r.y(), oz = (o.z() - c.z()) / r.z();
            double dx = d.x() / r.x(), dy = d.y() / r.y(), dz = d.z() / r.z();
            double a = dx * dx + dy * dy + dz * dz;
            double b = 2 * (ox * dx + oy * dy + oz * dz);
            double cc = ox * ox + oy * oy + oz * oz - 1;
            double disc = b * b - 4 * a * cc;
            if (disc < 0) return Double.NEGATIVE_INFINITY;
            double t = (-b + StrictMath.sqrt(disc)) / (2 * a);
            return t > 0 ? t : Double.NEGATIVE_INFINITY;
        }
    }

    private static final Ellipsoid CRANIUM = new Ellipsoid(new Vec(0, 0.025, -0.016), new Vec(0.074, 0.092, 0.099));
    private static final Ellipsoid FACE = new Ellipsoid(new Vec(0, -0.040, 0.022), new Vec(0.058, 0.080, 0.066));
    private static final Ellipsoid JAW_ANGLES = new Ellipsoid(new Vec(0, -0.062, -0.008), new Vec(0.061, 0.042, 0.058));
    private static final double NECK_Z = -0.014, NECK_RX = 0.054, NECK_RZ = 0.058, NECK_TOP = -0.035;

    /** Exit distance of the ray from the neck cylinder, fading out above the neck's top. */
    private static double neckExit(Vec o, Vec d) {
        double ox = o.x() / NECK_RX, oz = (o.z() - NECK_Z) / NECK_RZ;
        double dx = d.x() / NECK_RX, dz = d.z() / NECK_RZ;
        double a = dx * dx + dz * dz;
        if (a < 1e-12) return Double.NEGATIVE_INFINITY;
        double b = 2 * (ox * dx + oz * dz);
        double cc = ox * ox + oz * oz - 1;
        double disc = b * b - 4 * a * cc;
        if (disc < 0) return Double.NEGATIVE_INFINITY;
        double t = (-b + StrictMath.sqrt(disc)) / (2 * a);
        double y = o.y() + t * d.y();
        return t - 3 * StrictMath.max(0, y - NECK_TOP);
    }

    static Vec direction(double theta, double phi) {
        return new Vec(StrictMath.cos(phi) * StrictMath.sin(theta), StrictMath.sin(phi), StrictMath.cos(phi) * StrictMath.cos(theta));
    }

    /** Base (unsculpted) surface distance along a direction. */
    static double baseRadius(Vec d) {
        return softMax(140, CRANIUM.exit(CENTER, d), FACE.exit(CENTER, d), JAW_ANGLES.exit(CENTER, d), neckExit(CENTER, d));
    }

    /** The skin point for a direction from {@link #CENTER}. */
    static Vec skinPoint(double theta, double phi) {
        Vec d = direction(theta, phi);
        double r0 = baseRadius(d);
        Vec p0 = CENTER.plus(d.times(r0));
        return CENTER.plus(d.times(r0 + features(p0)));
    }

    /** Radial sculpting (metres) at a base-surface point. */
    static double features(Vec p) {
        double x = p.x(), y = p.y(), z = p.z();
        double ax = StrictMath.abs(x);
        Vec q = new Vec(ax, y, z); // features are mirrored: evaluate on the left half
        double front = Shaping.step(0.0, 0.045, z);
        double f = 0;
        // Nose: a bridge along a segment from between the eyes to the tip, widening as it descends.
        double top = 0.010, tip = -0.033;
        double s = Shaping.clamp01((top - y) / (top - tip));
        double ys = top - s * (top - tip);
        double dy = y - ys;
        double amp = 0.0040 + 0.0150 * StrictMath.pow(s, 1.35);
        double sx = 0.0085 + 0.0050 * s;
        f += amp * StrictMath.exp(-(x / sx) * (x / sx) - (dy / 0.0060) * (dy / 0.0060)) * front;
        f += 0.0055 * bump(q, new Vec(0, -0.030, 0.09), 0.0095, 0.0085, 0.05) * front;
        f += 0.0065 * bump(q, new Vec(0.0155, -0.0360, 0.09), 0.0085, 0.0075, 0.05) * front;
        // Brow ridge and glabella.
        f += 0.0050 * bump(q, new Vec(0.024, 0.024, 0.08), 0.030, 0.0075, 0.05) * front;
        f += 0.0020 * bump(q, new Vec(0.0, 0.018, 0.08), 0.010, 0.008, 0.05) * front;
        // Eye sockets (the eyeballs sit in them) and temples.
        f -= 0.0085 * bump(q, new Vec(EYE_X, EYE_Y + 0.002, 0.08), 0.0165, 0.0115, 0.05) * front;
        f -= 0.0030 * bump(q, new Vec(0.063, 0.030, 0.035), 0.014, 0.020, 0.025);
        // Cheekbones and cheeks.
        f += 0.0055 * bump(q, new Vec(0.050, -0.018, 0.05), 0.015, 0.012, 0.035);
        f += 0.0025 * bump(q, new Vec(0.036, -0.048, 0.07), 0.014, 0.016, 0.04) * front;
        // Lips, the line between them, philtrum and the dent under the lower lip.
        f += 0.0045 * bump(q, new Vec(0, MOUTH_Y + 0.0058, 0.09), 0.021, 0.0055, 0.05) * front;
        f += 0.0055 * bump(q, new Vec(0, MOUTH_Y - 0.0068, 0.09), 0.020, 0.0066, 0.05) * front;
        f -= 0.0022 * bump(q, new Vec(0, MOUTH_Y, 0.09), 0.026, 0.0020, 0.05) * front;
        f -= 0.0010 * bump(q, new Vec(0, MOUTH_Y + 0.013, 0.09), 0.0035, 0.006, 0.05) * front;
        f -= 0.0025 * bump(q, new Vec(0, MOUTH_Y - 0.020, 0.09), 0.015, 0.0040, 0.05) * front;
        // Chin.
        f += 0.0150 * bump(q, new Vec(0, -0.100, 0.08), 0.019, 0.014, 0.04);
        // Ears: a shell with a hollow (concha).
        f += 0.0125 * bump(q, new Vec(0.070, -0.008, -0.018), 0.020, 0.028, 0.013);
        f -= 0.0045 * bump(q, new Vec(0.075, -0.012, -0.010), 0.015, 0.010, 0.006);
        return f;
    }
}
