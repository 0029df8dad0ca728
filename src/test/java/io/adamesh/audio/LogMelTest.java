package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogMelTest {
    private static final String DIR = "/fixtures/logmel/";

    @Test
    void matchesPythonFixtureTo1e4() throws Exception {
        float[] signal = Fixtures.floats(DIR + "signal.f32");
        float[] expected = Fixtures.floats(DIR + "logmel.f32");
        float[][] mel = LogMel.compute(signal);
        assertEquals(expected.length / LogMel.N_MELS, mel.length, "frame count");
        double worst = 0;
        for (int t = 0; t < mel.length; t++) {
            for (int m = 0; m < LogMel.N_MELS; m++) {
                worst = Math.max(worst, Math.abs(mel[t][m] - expected[t * LogMel.N_MELS + m]));
            }
        }
        assertTrue(worst < 1e-4, "max abs difference " + worst);
    }

    @Test
    void frameCountFollowsNoPaddingRule() {
        assertEquals(0, LogMel.frameCount(399));
        assertEquals(1, LogMel.frameCount(400));
        assertEquals(1, LogMel.frameCount(559));
        assertEquals(2, LogMel.frameCount(560));
        assertEquals(98, LogMel.frameCount(16_000));
        assertEquals(49, LogMel.compute(new float[8123]).length);
    }

    @Test
    void streamingInRandomChunksEqualsWholeUtterance() throws Exception {
        float[] signal = Fixtures.floats(DIR + "signal.f32");
        float[][] whole = LogMel.compute(signal);
        LogMel streaming = new LogMel();
        Random random = new Random(7);
        float[][] got = new float[whole.length][];
        int pos = 0;
        while (pos < signal.length) {
            int n = Math.min(signal.length - pos, 1 + random.nextInt(700));
            streaming.accept(signal, pos, n, (i, m) -> got[(int) i] = m.clone());
            pos += n;
        }
        assertEquals(whole.length, streaming.framesProduced());
        for (int t = 0; t < whole.length; t++) {
            for (int m = 0; m < LogMel.N_MELS; m++) {
                assertEquals(whole[t][m], got[t][m], 0.0, "frame " + t + " bin " + m);
            }
        }
    }

    @Test
    void toneEnergyPeaksInFilterNearestItsFrequency() {
        float[] tone = new float[16_000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) Math.sin(2 * Math.PI * 2000.0 * i / 16_000);
        }
        float[] frame = LogMel.compute(tone)[20];
        int best = 0;
        for (int m = 1; m < LogMel.N_MELS; m++) {
            if (frame[m] > frame[best]) {
                best = m;
            }
        }
        double centre = LogMel.melToHz(LogMel.hzToMel(8000) * (best + 1) / 81.0);
        assertTrue(Math.abs(centre - 2000) < 120, "peak filter centre " + centre);
    }
}
