package io.adamesh.animate;

import java.util.SplittableRandom;

/**
 * Idle life for silence: a slow head sway built from incommensurate low-frequency sines with
 * random phases (0.05–0.3 Hz, about ±2° yaw, ±1.5° pitch, ±1° roll), faded in while the speaker is
 * quiet and out while they talk (the speech-driven pose network owns the head then). Smooth by
 * construction: bounded angular velocity, no jumps when the voice starts or stops.
 */
public final class IdleMotionLayer {
    private static final double[] FREQ = {0.053, 0.091, 0.137, 0.211, 0.29};
    private final double[][] phase = new double[3][FREQ.length];
    private final double[] amplitude = {Math.toRadians(1.5), Math.toRadians(2.0), Math.toRadians(1.0)};
    private double activity;
    private double lastT = Double.NaN;
    private boolean enabled = true;

    public IdleMotionLayer(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (double[] p : phase) for (int i = 0; i < p.length; i++) p[i] = r.nextDouble() * 2 * Math.PI;
    }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public boolean isEnabled() { return enabled; }

    /**
     * Head rotation offsets (pitch, yaw, roll in radians) at {@code t} into {@code out[0..2]};
     * {@code speaking} fades the sway out over about half a second and back in after speech.
     */
    public void sway(double t, boolean speaking, float[] out) {
        double dt = Double.isNaN(lastT) ? 0 : Math.max(0, t - lastT);
        lastT = t;
        double target = enabled && !speaking ? 1 : 0;
        double rate = Math.min(1, dt / 0.5);
        activity += (target - activity) * rate;
        for (int axis = 0; axis < 3; axis++) {
            double s = 0;
            for (int i = 0; i < FREQ.length; i++) s += Math.sin(2 * Math.PI * FREQ[i] * t + phase[axis][i]) / (i + 1);
            out[axis] = (float) (activity * amplitude[axis] * s / 2.28); // 2.28 = sum of 1/(i+1): keeps |s| <= 1
        }
    }

    /** 0 while speaking, rising to 1 in silence. */
    public double activity() { return activity; }
}
