package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {
    private static final int OUT = 16_000;

    static float[] tone(int rate, double hz, int n, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Least-squares amplitude of a sinusoid of frequency hz in y[from, to) sampled at rate. */
    static double amplitude(float[] y, int rate, double hz, int from, int to) {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = from; i < to; i++) {
            double s = Math.sin(2 * Math.PI * hz * i / rate), c = Math.cos(2 * Math.PI * hz * i / rate);
            ss += s * s; cc += c * c; sc += s * c; ys += y[i] * s; yc += y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
        return Math.hypot(a, b);
    }

    static double rms(float[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += y[i] * (double) y[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 22_050, 8_000, 32_000, 96_000})
    void lengthIsCeilOfRatio(int in) {
        for (int n : new int[] {0, 1, 999, 44_100, 12_345}) {
            float[] y = Resampler.resample(new float[n], in, OUT);
            assertEquals((long) Math.ceil((double) n * OUT / in), y.length, in + " Hz, " + n + " samples");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 22_050, 8_000})
    void passbandTonesKeepAmplitudeWithinTenthOfDecibelAndPhase(int in) {
        double nyq = Math.min(in, OUT) / 2.0;
        for (double hz : new double[] {100, 440, 1000, 0.5 * nyq, 0.88 * nyq}) {
            float[] y = Resampler.resample(tone(in, hz, in, 0.5), in, OUT);
            double amp = amplitude(y, OUT, hz, 2000, y.length - 2000);
            double db = 20 * Math.log10(amp / 0.5);
            assertTrue(Math.abs(db) < 0.1, in + " Hz input, tone " + hz + ": " + db + " dB");
            // Zero-phase: the output is the same sinusoid sampled at the output instants.
            float[] expected = tone(OUT, hz, y.length, 0.5);
            double err = 0;
            for (int i = 2000; i < y.length - 2000; i++) {
                err = Math.max(err, Math.abs(y[i] - expected[i]));
            }
            assertTrue(err < 0.005, "phase/amplitude error " + err + " at " + hz + " Hz");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 22_050})
    void tonesAboveNewNyquistAreAttenuatedBy60Decibels(int in) {
        for (double hz : new double[] {8_000, 9_000, 10_500, in / 2.0 - 200}) {
            float[] y = Resampler.resample(tone(in, hz, in, 1.0), in, OUT);
            double db = 20 * Math.log10(rms(y, 1000, y.length - 1000) / Math.sqrt(0.5));
            assertTrue(db <= -60, in + " Hz input, tone " + hz + " Hz leaks at " + db + " dB");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 8_000})
    void sweepHasConstantZeroGroupDelay(int in) {
        // Linear chirp 50 Hz .. 0.85 * lower Nyquist over 2 s.
        double f0 = 50, f1 = 0.85 * Math.min(in, OUT) / 2.0, dur = 2.0;
        int n = (int) (in * dur);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / in;
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * (f0 * t + 0.5 * (f1 - f0) * t * t / dur)));
        }
        float[] y = Resampler.resample(x, in, OUT);
        // In windows along the sweep, estimate the lag (output samples) between the output and the
        // analytic chirp at the output instants by cross-correlation with parabolic refinement.
        int win = 1600;
        for (int start = 2000; start + win + 20 < y.length - 2000; start += 4000) {
            double[] corr = new double[21];
            for (int lag = -10; lag <= 10; lag++) {
                double s = 0;
                for (int i = start; i < start + win; i++) {
                    double t = (double) (i - lag) / OUT;
                    s += y[i] * Math.sin(2 * Math.PI * (f0 * t + 0.5 * (f1 - f0) * t * t / dur));
                }
                corr[lag + 10] = s;
            }
            int best = 0;
            for (int k = 1; k < corr.length; k++) {
                if (corr[k] > corr[best]) {
                    best = k;
                }
            }
            double delta = 0;
            if (best > 0 && best < corr.length - 1) {
                double a = corr[best - 1], b = corr[best], c = corr[best + 1];
                delta = 0.5 * (a - c) / (a - 2 * b + c);
            }
            double lag = best - 10 + delta;
            assertTrue(Math.abs(lag) < 0.05, "group delay " + lag + " samples at window " + start);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 22_050, 8_000, 16_000})
    void streamingInRandomChunksEqualsOneShot(int in) {
        Random random = new Random(in);
        float[] x = new float[in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * 0.1f;
        }
        float[] whole = Resampler.resample(x, in, OUT);
        Resampler r = new Resampler(in, OUT);
        float[] out = new float[whole.length + 10];
        float[] scratch = new float[r.maxOutput(2048)];
        int got = 0;
        for (int pos = 0; pos < x.length; ) {
            int len = Math.min(x.length - pos, random.nextInt(2048));
            int n = r.process(x, pos, len, scratch, 0);
            System.arraycopy(scratch, 0, out, got, n);
            got += n;
            pos += len;
        }
        got += r.flush(out, got);
        assertArrayEquals(whole, Arrays.copyOf(out, got));
    }
}
