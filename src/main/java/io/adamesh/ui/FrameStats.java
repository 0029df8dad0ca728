package io.adamesh.ui;

import java.util.Arrays;

/**
 * Frame-time (rig evaluation + mesh upload) and viewport-FPS bookkeeping for the status bar and the
 * probes. Fixed-size ring buffers: recording a frame allocates nothing.
 */
public final class FrameStats {
    private final double[] workMs;
    private final double[] scratch;
    private int workCount;
    private int workNext;
    private final long[] pulseNanos;
    private int pulseCount;
    private int pulseNext;

    public FrameStats(int window) {
        workMs = new double[window];
        scratch = new double[window];
        pulseNanos = new long[window];
    }

    /** One rig evaluation + upload took this long. */
    public void recordWork(long nanos) {
        workMs[workNext] = nanos / 1e6;
        workNext = (workNext + 1) % workMs.length;
        if (workCount < workMs.length) workCount++;
    }

    /** The viewport drew a frame at this time (the AnimationTimer's pulse time). */
    public void recordPulse(long nowNanos) {
        pulseNanos[pulseNext] = nowNanos;
        pulseNext = (pulseNext + 1) % pulseNanos.length;
        if (pulseCount < pulseNanos.length) pulseCount++;
    }

    /** Median rig+upload time over the window, ms; NaN before any frame. */
    public double workMsP50() {
        if (workCount == 0) return Double.NaN;
        System.arraycopy(workMs, 0, scratch, 0, workCount);
        Arrays.sort(scratch, 0, workCount);
        return workCount % 2 == 1 ? scratch[workCount / 2] : (scratch[workCount / 2 - 1] + scratch[workCount / 2]) / 2;
    }

    /** Pulses per second over the window; NaN with fewer than two pulses. */
    public double fps() {
        if (pulseCount < 2) return Double.NaN;
        int newest = (pulseNext - 1 + pulseNanos.length) % pulseNanos.length;
        int oldest = pulseCount < pulseNanos.length ? 0 : pulseNext;
        long span = pulseNanos[newest] - pulseNanos[oldest];
        return span <= 0 ? Double.NaN : (pulseCount - 1) * 1e9 / span;
    }
}
