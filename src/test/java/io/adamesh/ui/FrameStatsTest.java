package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameStatsTest {
    @Test void medianAndFpsOverTheWindow() {
        FrameStats s = new FrameStats(5);
        assertTrue(Double.isNaN(s.workMsP50()));
        for (long ms : new long[] {9, 1, 2, 3, 100, 4}) s.recordWork(ms * 1_000_000);
        assertEquals(3.0, s.workMsP50(), 1e-9); // window holds 1, 2, 3, 100, 4
        for (int i = 0; i < 10; i++) s.recordPulse(i * 20_000_000L);
        assertEquals(50.0, s.fps(), 1e-6);
    }
}
