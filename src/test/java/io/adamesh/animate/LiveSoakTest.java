package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten minutes of simulated live input (speech and silence) pushed through the ring faster than real
 * time; the animator steps every 8th hop (it is "behind", so it drops frames by design). Heap after GC
 * and latency must stay flat between the first and the last minutes.
 */
class LiveSoakTest {
    @TempDir
    static Path tmp;

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void tenMinutesKeepHeapAndLatencyFlat() throws Exception {
        float[] speech = AnimateFixtures.speak(tmp, "Bob may buy a map, and then the quiet night came");
        float[] loop = new float[speech.length + 16_000];        // speech + 1 s of silence
        System.arraycopy(speech, 0, loop, 0, speech.length);
        LiveAnimatorTest.Sim sim = new LiveAnimatorTest.Sim();
        long hops = 10 * 60 * 30;
        float[] block = new float[600];
        long heapEarly = 0;
        double latEarly = 0;
        try (LiveAnimator live = LiveAnimatorTest.animator(sim, "spk11", new AnimationSettings())) {
            long pos = 0;
            for (long hop = 0; hop < hops; hop++) {
                int n = (int) ((hop + 1) * 16_000 / 30 - hop * 16_000 / 30);
                for (int i = 0; i < n; i++) block[i] = loop[(int) ((pos + i) % loop.length)];
                pos += n;
                sim.write(block, 0, n);
                if (hop % 8 == 0) live.step();
                if (hop == 60 * 30) {
                    heapEarly = usedAfterGc();
                    latEarly = live.stats().latencyMsP50();
                }
                if (hop == 9 * 60 * 30 && (hop % 8 != 0)) {
                    live.switchSpeaker("spk22");
                }
            }
            long heapLate = usedAfterGc();
            LiveAnimator.Stats s = live.stats();
            System.out.printf("soak: heap %.1f -> %.1f MB, latency p50 %.1f -> %.1f ms, compute p50 %.2f p99 %.2f ms, %s%n",
                    heapEarly / 1e6, heapLate / 1e6, latEarly, s.latencyMsP50(), s.computeMsP50(), s.computeMsP99(), s);
            assertTrue(heapLate - heapEarly < 8_000_000, "heap grew " + (heapLate - heapEarly) + " bytes");
            assertEquals(latEarly, s.latencyMsP50(), 20.0, "algorithmic latency drifted");
            assertEquals(hops / 8, s.steps(), 1);
            assertTrue(s.dropped() > 0);
        }
    }
}
