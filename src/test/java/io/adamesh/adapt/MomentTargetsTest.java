package io.adamesh.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adamesh.model.AdaptationGraphs;
import io.adamesh.model.ExpressionNetwork;
import org.junit.jupiter.api.Test;

/** Moment targets: the start's own timing with the calibrated tracking's mean and spread (ADR 0011). */
class MomentTargetsTest {
    private static final int C = ExpressionNetwork.CHANNELS;

    @Test
    void targetsKeepTheStartsTimingWithTheTrackedMeanAndSpread() {
        int f = 200;
        float[][] start = {new float[f * C], new float[f]};
        double[][] cal = new double[f][C + 1];
        boolean[] usable = new boolean[f];
        for (int k = 0; k < f; k++) {
            usable[k] = k % 10 != 3;
            double s = Math.sin(k * 0.3);
            start[0][k * C + 5] = (float) (0.3 + 0.1 * s);
            start[1][k] = (float) (0.02 + 0.01 * s);
            // tracked: another rhythm, mean 0.5, spread about twice the start's; wild values where not usable
            cal[k][5] = usable[k] ? 0.5 + 0.2 * Math.cos(k * 0.7) : 5;
            cal[k][C] = usable[k] ? 0.4 + 0.05 * Math.cos(k * 0.7) : 9;
        }
        Adapter.momentTargets(cal, start, usable, f);
        double[] m = moments(cal, 5, usable);
        double[] want = moments5(usable);
        assertEquals(want[0], m[0], 1e-3, "mean of the usable calibrated frames");
        assertEquals(want[1], m[1], 1e-3, "spread of the usable calibrated frames");
        for (int k = 0; k < f; k++) {
            double s = Math.sin(k * 0.3);
            assertEquals(m[0] + (s - meanSin(usable)) * m[1] / sdSin(usable), cal[k][5], 1e-3,
                    "follows the start's timing, frame " + k);
            double jaw = 0.02 + 0.01 * s;
            assertEquals(true, cal[k][C] >= 0, "jaw not negative");
            // jaw in the same units as the start's scaled jaw: correlation with the start's jaw is one
            double z = (jaw * AdaptationGraphs.JAW_SCALE - (0.02 + 0.01 * meanSin(usable)) * AdaptationGraphs.JAW_SCALE)
                    / (0.01 * sdSin(usable) * AdaptationGraphs.JAW_SCALE);
            double[] mj = moments(cal, C, usable);
            assertEquals(mj[0] + z * mj[1], cal[k][C], 1e-3, "jaw, frame " + k);
        }
        double[] mj = moments(cal, C, usable);
        assertEquals(0.4, mj[0], 0.01, "jaw mean of the tracking");
    }

    private static double[] moments5(boolean[] usable) {
        double s = 0, ss = 0;
        int n = 0;
        for (int k = 0; k < usable.length; k++) {
            if (usable[k]) {
                double v = 0.5 + 0.2 * Math.cos(k * 0.7);
                s += v;
                ss += v * v;
                n++;
            }
        }
        return new double[] {s / n, Math.sqrt(ss / n - (s / n) * (s / n))};
    }

    private static double meanSin(boolean[] usable) {
        double s = 0;
        int n = 0;
        for (int k = 0; k < usable.length; k++) {
            if (usable[k]) {
                s += Math.sin(k * 0.3);
                n++;
            }
        }
        return s / n;
    }

    private static double sdSin(boolean[] usable) {
        double m = meanSin(usable), s = 0;
        int n = 0;
        for (int k = 0; k < usable.length; k++) {
            if (usable[k]) {
                s += Math.pow(Math.sin(k * 0.3) - m, 2);
                n++;
            }
        }
        return Math.sqrt(s / n);
    }

    private static double[] moments(double[][] cal, int ch, boolean[] usable) {
        double s = 0, ss = 0;
        int n = 0;
        for (int k = 0; k < cal.length; k++) {
            if (usable[k]) {
                s += cal[k][ch];
                ss += cal[k][ch] * cal[k][ch];
                n++;
            }
        }
        return new double[] {s / n, Math.sqrt(Math.max(0, ss / n - (s / n) * (s / n)))};
    }
}
