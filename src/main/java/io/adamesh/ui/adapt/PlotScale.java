package io.adamesh.ui.adapt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps loss points to plot pixels: steps on x from 0 (or the first step) to the last, loss on y from a
 * little under the smallest finite value to a little over the largest, with "nice" ticks (1, 2 or 5
 * times a power of ten). Plain arithmetic, tested without a scene.
 */
record PlotScale(double xMin, double xMax, double yMin, double yMax, boolean log, double left, double top, double width,
                 double height) {
    /** Above this ratio of the largest to the smallest loss the y axis is logarithmic (early steps dwarf the rest). */
    static final double LOG_RATIO = 20;

    static PlotScale of(List<LossPoint> points, double left, double top, double width, double height) {
        double x0 = 0, x1 = 1, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (LossPoint p : points) {
            x1 = Math.max(x1, p.step());
            for (double v : new double[] {p.train(), p.heldOut()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (lo > 0 && hi / lo > LOG_RATIO) {
            double l0 = Math.log10(lo), l1 = Math.log10(hi), pad = (l1 - l0) * 0.06;
            return new PlotScale(x0, x1, Math.pow(10, l0 - pad), Math.pow(10, l1 + pad), true, left, top, width, height);
        }
        double pad = (hi - lo) * 0.08;
        if (pad <= 0) pad = Math.max(Math.abs(hi) * 0.1, 1e-6);
        double y0 = lo - pad, y1 = hi + pad;
        if (lo >= 0 && y0 < 0) y0 = 0;
        return new PlotScale(x0, x1, y0, y1, false, left, top, width, height);
    }

    double x(double step) { return left + (step - xMin) / (xMax - xMin) * width; }

    double y(double loss) {
        if (log) {
            double v = Math.log10(Math.max(loss, yMin * 1e-3));
            return top + (Math.log10(yMax) - v) / (Math.log10(yMax) - Math.log10(yMin)) * height;
        }
        return top + (yMax - loss) / (yMax - yMin) * height;
    }

    List<Double> xTicks() { return ticks(xMin, xMax, 6, true); }

    List<Double> yTicks() { return log ? logTicks(yMin, yMax) : ticks(yMin, yMax, 5, false); }

    /** 1, 2 and 5 times the powers of ten inside [lo, hi]; only the powers when that gives more than 8. */
    static List<Double> logTicks(double lo, double hi) {
        List<Double> out = new ArrayList<>();
        int e0 = (int) Math.floor(Math.log10(lo)), e1 = (int) Math.ceil(Math.log10(hi));
        boolean onlyPowers = e1 - e0 > 3;
        for (int e = e0; e <= e1; e++) {
            for (double m : onlyPowers ? new double[] {1} : new double[] {1, 2, 5}) {
                double v = m * Math.pow(10, e);
                if (v >= lo && v <= hi) out.add(v);
            }
        }
        return out;
    }

    /** About {@code target} ticks at 1, 2 or 5 times a power of ten, inside [lo, hi]. */
    static List<Double> ticks(double lo, double hi, int target, boolean integers) {
        double span = hi - lo;
        List<Double> out = new ArrayList<>();
        if (!(span > 0)) return out;
        double raw = span / target;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * mag;
            if (step >= raw) break;
        }
        if (integers) step = Math.max(1, Math.round(step));
        double first = Math.ceil(lo / step - 1e-9) * step;
        for (double v = first; v <= hi + step * 1e-9; v += step) out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        return out;
    }

    /** A compact loss label: three significant digits. */
    static String label(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-4) return String.format(Locale.ROOT, "%.2e", v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
