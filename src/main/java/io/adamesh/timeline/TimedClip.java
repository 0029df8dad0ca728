package io.adamesh.timeline;

/**
 * A clip placed on a track: source range [{@code in}, {@code out}) seconds of its media/animation,
 * starting at {@code offset} seconds on the timeline.
 */
public interface TimedClip {
    String id();
    double offset();
    double in();
    double out();
    /** Length of the source (media duration or clip duration). */
    double sourceDuration();

    default double start() { return offset(); }
    default double end() { return offset() + (out() - in()); }
    default boolean covers(double t) { return t >= start() && t < end(); }

    /** The same clip at another place/trim (values are clamped to the source). */
    TimedClip placed(double offset, double in, double out);
}
