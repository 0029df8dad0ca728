package io.adamesh.timeline;

import java.util.Objects;

/**
 * One keyframe of a {@link Curve}: time (seconds), value, tangent mode with in/out slopes (used by
 * {@link TangentMode#FREE}), and how it blends with the motion below. Immutable; {@code id} is stable
 * across edits of the same key (moves, mode changes) so that selections survive them.
 */
public record Key(long id, double time, double value, TangentMode mode, double inSlope, double outSlope, Blend blend) {
    public Key {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(blend);
        if (!Double.isFinite(time) || !Double.isFinite(value) || !Double.isFinite(inSlope) || !Double.isFinite(outSlope)) {
            throw new IllegalArgumentException("key values must be finite");
        }
    }

    public static Key of(long id, double time, double value) {
        return new Key(id, time, value, TangentMode.SMOOTH, 0, 0, Blend.ADD);
    }

    public Key withTime(double t) { return new Key(id, t, value, mode, inSlope, outSlope, blend); }
    public Key withValue(double v) { return new Key(id, time, v, mode, inSlope, outSlope, blend); }
    public Key withMode(TangentMode m) { return new Key(id, time, value, m, inSlope, outSlope, blend); }
    public Key withSlopes(double in, double out) { return new Key(id, time, value, mode, in, out, blend); }
    public Key withBlend(Blend b) { return new Key(id, time, value, mode, inSlope, outSlope, b); }
    public Key withId(long newId) { return new Key(newId, time, value, mode, inSlope, outSlope, blend); }
}
