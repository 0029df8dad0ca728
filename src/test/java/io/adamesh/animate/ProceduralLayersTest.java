package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProceduralLayersTest {
    private static final double DT = 1 / 120.0;

    @Test
    void blinksComeAboutEveryFourSecondsCloseFullyAndAreShort() {
        BlinkLayer blink = new BlinkLayer(7);
        int blinks = 0;
        boolean closed = false;
        double closedTime = 0;
        float peak = 0;
        double minutes = 20;
        for (double t = 0; t < minutes * 60; t += DT) {
            float w = blink.weight(t);
            assertTrue(w >= 0 && w <= 1);
            peak = Math.max(peak, w);
            if (w > 0.5 && !closed) blinks++;
            closed = w > 0.5;
            if (w > 0.5) closedTime += DT;
        }
        double perMinute = blinks / minutes;
        assertTrue(perMinute > 11 && perMinute < 22, "blinks per minute: " + perMinute);
        assertEquals(1f, peak, 1e-6, "lids close fully");
        double meanClosed = closedTime / blinks;
        assertTrue(meanClosed > 0.06 && meanClosed < 0.2, "eyes more than half closed for " + meanClosed + " s per blink");
    }

    @Test
    void blinkingIsReproducibleAndSwitchable() {
        BlinkLayer a = new BlinkLayer(3), b = new BlinkLayer(3), off = new BlinkLayer(3);
        off.setEnabled(false);
        for (double t = 0; t < 60; t += DT) {
            assertEquals(a.weight(t), b.weight(t));
            assertEquals(0f, off.weight(t));
        }
    }

    @Test
    void gazeMakesSmallConjugateSaccadesWithinBounds() {
        GazeLayer gaze = new GazeLayer(11);
        float[] g = new float[2];
        float[] prev = new float[2];
        int jumps = 0;
        for (double t = 0; t < 120; t += DT) {
            gaze.gaze(t, g);
            assertTrue(Math.abs(g[0]) <= GazeLayer.MAX_YAW + 1e-6 && Math.abs(g[1]) <= GazeLayer.MAX_PITCH + 1e-6);
            if (Math.hypot(g[0] - prev[0], g[1] - prev[1]) > Math.toRadians(0.2)) jumps++;
            prev[0] = g[0];
            prev[1] = g[1];
        }
        assertTrue(jumps > 60, "the eyes move (" + jumps + " fast steps in 2 minutes)");
        GazeLayer off = new GazeLayer(11);
        off.setEnabled(false);
        off.gaze(5, g);
        assertArrayEquals(new float[] {0, 0}, g);
    }

    @Test
    void idleSwayIsGentleAndGivesWayToSpeech() {
        IdleMotionLayer idle = new IdleMotionLayer(5);
        float[] r = new float[3], prev = new float[3];
        double maxStep = 0;
        for (double t = 0; t < 30; t += DT) {
            idle.sway(t, false, r);
            for (int k = 0; k < 3; k++) {
                assertTrue(Math.abs(r[k]) <= Math.toRadians(2.0) + 1e-6, "sway stays within 2 degrees");
                if (t > 1) maxStep = Math.max(maxStep, Math.abs(r[k] - prev[k]) / DT);
            }
            System.arraycopy(r, 0, prev, 0, 3);
        }
        assertTrue(idle.activity() > 0.99);
        assertTrue(maxStep < Math.toRadians(3), "slow: at most " + Math.toDegrees(maxStep) + " deg/s");
        for (double t = 30; t < 32; t += DT) idle.sway(t, true, r);
        assertTrue(idle.activity() < 0.02, "sway fades out within two seconds of speech: " + idle.activity());
    }
}
