package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WaveformPeaksTest {
    @Test
    void columnsEqualBruteForceMinMaxAtAnyZoom() {
        Random r = new Random(3);
        float[] x = new float[100_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        WaveformPeaks peaks = new WaveformPeaks(x, 256);
        long[][] ranges = {{0, x.length}, {1234, 56_789}, {99_000, 100_003}, {500, 530}, {90_000, 110_000}};
        for (long[] range : ranges) {
            int cols = 137;
            float[] lo = new float[cols], hi = new float[cols];
            peaks.columns(range[0], range[1], cols, lo, hi);
            double span = (double) (range[1] - range[0]) / cols;
            for (int c = 0; c < cols; c++) {
                long a = range[0] + (long) Math.floor(c * span);
                long b = Math.min(x.length, Math.max(a + 1, range[0] + (long) Math.floor((c + 1) * span)));
                float mn = a >= b ? 0 : Float.POSITIVE_INFINITY, mx = a >= b ? 0 : Float.NEGATIVE_INFINITY;
                for (long i = a; i < b; i++) {
                    mn = Math.min(mn, x[(int) i]);
                    mx = Math.max(mx, x[(int) i]);
                }
                assertEquals(mn, lo[c], 0f, "min col " + c);
                assertEquals(mx, hi[c], 0f, "max col " + c);
            }
        }
    }
}
