package io.adamesh.animate;

import java.util.SplittableRandom;

/**
 * Spontaneous blinks: inter-blink intervals drawn from a gamma distribution (mean about 4 s, the
 * conversational rate of roughly 15 blinks a minute), a fast close (~75 ms) and slower reopening
 * (~150 ms), full closure at the peak, and an occasional double blink. Deterministic for a seed;
 * evaluated by time, so it works for live streams and offline clips alike.
 */
public final class BlinkLayer {
    static final double CLOSE_S = 0.075, HOLD_S = 0.035, OPEN_S = 0.150;
    private final SplittableRandom random;
    private final double meanInterval;
    private double nextBlink;
    private double blinkStart = Double.NEGATIVE_INFINITY;
    private boolean enabled = true;

    public BlinkLayer(long seed, double meanIntervalSeconds) {
        this.random = new SplittableRandom(seed);
        this.meanInterval = meanIntervalSeconds;
        this.nextBlink = 0.6 + interval();
    }

    public BlinkLayer(long seed) { this(seed, 4.0); }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public boolean isEnabled() { return enabled; }

    /** Gamma(shape 3) interval with the configured mean, at least 0.4 s. */
    private double interval() {
        double k = 3, theta = meanInterval / k, sum = 0;
        for (int i = 0; i < k; i++) sum -= Math.log(1 - random.nextDouble());
        return Math.max(0.4, sum * theta);
    }

    /** Blink weight (0 open .. 1 closed) at {@code t} seconds; call with non-decreasing times. */
    public float weight(double t) {
        while (t >= nextBlink) {
            blinkStart = nextBlink;
            boolean doubleBlink = random.nextDouble() < 0.08;
            nextBlink = blinkStart + (doubleBlink ? 0.32 : interval());
        }
        if (!enabled) return 0f;
        double u = t - blinkStart;
        if (u < 0 || u > CLOSE_S + HOLD_S + OPEN_S) return 0f;
        if (u < CLOSE_S) return (float) smooth(u / CLOSE_S);
        if (u < CLOSE_S + HOLD_S) return 1f;
        return (float) (1 - smooth((u - CLOSE_S - HOLD_S) / OPEN_S));
    }

    private static double smooth(double x) { return x * x * (3 - 2 * x); }
}
