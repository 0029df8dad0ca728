package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pose condition on wav2vec 2.0 features: 50 Hz -> 30 fps timing, and the prosody columns. */
class PoseFeaturesWav2Vec2Test {
    @Test
    void hiddenStatesAreInterpolatedAtThePoseFrameTimesAndProsodyFollows() {
        int samples = 16_000 * 2 + 123;
        float[] audio = new float[samples];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < samples; i++) {
            audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 140 * i / 16_000.0) * (i > 8000 ? 1 : 0.05) + 0.01 * r.nextGaussian());
        }
        int t = (samples - 400) / 320 + 1;
        float[][] hidden = new float[t][2];
        for (int j = 0; j < t; j++) {
            hidden[j][0] = j;            // the frame index: interpolation gives the fractional position
            hidden[j][1] = 7f;
        }
        int n = PoseFeatures.frameCount(samples);
        float[][] f = PoseFeatures.withHidden(hidden, audio, n);
        float[][] own = PoseFeatures.compute(audio, n);
        assertEquals(n, f.length);
        for (int k = 0; k < n; k++) {
            double pos = Math.min(Math.max((k / 30.0 - 0.0125) / 0.02, 0), t - 1);
            assertEquals(pos, f[k][0], 1e-4, "frame " + k);
            assertEquals(7f, f[k][1], 1e-6);
            assertArrayEquals(java.util.Arrays.copyOfRange(own[k], 80, 83), java.util.Arrays.copyOfRange(f[k], 2, 5));
        }
        // the last pose frames lie beyond the last 50 Hz frame: held, not extrapolated
        assertEquals(t - 1, f[n - 1][0], 1e-6);
    }
}
