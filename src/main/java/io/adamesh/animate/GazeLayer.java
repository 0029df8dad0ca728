package io.adamesh.animate;

import java.util.SplittableRandom;

/**
 * Eye saccades: the gaze holds a fixation for a log-normally distributed time (median ~0.9 s), then
 * jumps to a new target near the listener (within about ±6° yaw and ±4° pitch) in a saccade whose
 * duration follows the main sequence (~2.2 ms per degree + 21 ms). Both eyes move together.
 * Evaluated by time; deterministic for a seed.
 */
public final class GazeLayer {
    static final double MAX_YAW = Math.toRadians(6), MAX_PITCH = Math.toRadians(4);
    private final SplittableRandom random;
    private double fromYaw, fromPitch, toYaw, toPitch;
    private double saccadeStart, saccadeDuration = 0.03, nextSaccade;
    private boolean enabled = true;

    public GazeLayer(long seed) {
        this.random = new SplittableRandom(seed);
        this.nextSaccade = fixation();
    }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public boolean isEnabled() { return enabled; }

    private double fixation() { return Math.exp(Math.log(0.9) + 0.5 * random.nextGaussian()); }

    /** Writes the gaze (yaw, pitch in radians) at time {@code t} into {@code out[0..1]}; non-decreasing times. */
    public void gaze(double t, float[] out) {
        while (t >= nextSaccade) {
            fromYaw = toYaw;
            fromPitch = toPitch;
            // Mostly small corrective saccades around the listener, sometimes a larger look away.
            double spread = random.nextDouble() < 0.15 ? 1.0 : 0.4;
            toYaw = clamp(random.nextGaussian() * MAX_YAW * spread, MAX_YAW);
            toPitch = clamp(random.nextGaussian() * MAX_PITCH * spread, MAX_PITCH);
            double amplitudeDeg = Math.toDegrees(Math.hypot(toYaw - fromYaw, toPitch - fromPitch));
            saccadeStart = nextSaccade;
            saccadeDuration = 0.021 + 0.0022 * amplitudeDeg;
            nextSaccade = saccadeStart + saccadeDuration + fixation();
        }
        if (!enabled) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        double u = Math.min(1, Math.max(0, (t - saccadeStart) / saccadeDuration));
        double s = u * u * (3 - 2 * u);
        out[0] = (float) (fromYaw + (toYaw - fromYaw) * s);
        out[1] = (float) (fromPitch + (toPitch - fromPitch) * s);
    }

    private static double clamp(double x, double limit) { return Math.max(-limit, Math.min(limit, x)); }
}
