package io.adamesh.face.openhead;

/** Smooth scalar helpers used to sculpt the head and its blend shapes. */
final class Shaping {
    private Shaping() {}

    /** Hermite step from 0 at {@code e0} to 1 at {@code e1}; works for e0 > e1 (a falling step). */
    static double step(double e0, double e1, double x) {
        double t = (x - e0) / (e1 - e0);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        return t * t * (3 - 2 * t);
    }

    static double gauss(double d, double sigma) { return StrictMath.exp(-(d * d) / (sigma * sigma)); }

    /** Anisotropic Gaussian bump around a centre. */
    static double bump(Vec p, Vec c, double sx, double sy, double sz) {
        double dx = (p.x() - c.x()) / sx, dy = (p.y() - c.y()) / sy, dz = (p.z() - c.z()) / sz;
        return StrictMath.exp(-(dx * dx + dy * dy + dz * dz));
    }

    static double clamp01(double x) { return x < 0 ? 0 : StrictMath.min(1, x); }

    /** Log-sum-exp smooth maximum (a soft union of ray exit distances). */
    static double softMax(double k, double... values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) m = StrictMath.max(m, v);
        double s = 0;
        for (double v : values) if (v > Double.NEGATIVE_INFINITY) s += StrictMath.exp(k * (v - m));
        return m + StrictMath.log(s) / k;
    }
}
