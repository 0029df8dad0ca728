package io.adamesh.model;

/**
 * Causal loudness normaliser for a live stream: the pose features' loudness (channel 80) is a level
 * in dB mapped 0..1 over the 40 dB below a reference peak. Offline the reference is the whole input's
 * loudest frame ({@link PoseFeatures}); a live stream does not know its future peak, so here the
 * reference is a <em>peak hold with slow release</em> over the levels seen so far:
 *
 * <ul>
 *   <li>a frame louder than the reference raises it at once (attack is instant, as the offline max);</li>
 *   <li>the reference holds for {@link #HOLD_S} seconds after the last frame that raised or matched it,
 *       then falls by {@link #RELEASE_DB_PER_S} dB per second, so a speaker who moves away from the
 *       microphone or lowers their voice is re-normalised within seconds;</li>
 *   <li>it never falls below {@link #FLOOR_DB} (and starts there), so a stream that is silent from the
 *       start, or a long pause, does not turn room noise into "loud" speech.</li>
 * </ul>
 *
 * Once the stream has passed the loudest frame of an utterance (and while the hold lasts), the live
 * value equals the offline one exactly; on an utterance heard after another of the same voice, the two
 * differ by the difference of the utterances' peaks over 40 dB (PoseFeatureStreamTest states the
 * tolerance). Allocation-free; one instance per stream.
 */
public final class RollingLoudness {
    /** Seconds the reference holds after its last peak before it starts to fall. */
    public static final double HOLD_S = 10.0;
    /** Release rate after the hold, dB per second. */
    public static final double RELEASE_DB_PER_S = 3.0;
    /** Lowest reference peak, dBFS (RMS over 40 ms). Speech into a working microphone peaks above it. */
    public static final double FLOOR_DB = -40.0;

    private final double fps;
    private double reference = FLOOR_DB;
    private long sincePeak;

    /** @param fps frames per second of the levels fed to {@link #normalise} */
    public RollingLoudness(double fps) {
        this.fps = fps;
    }

    /** Feeds the next frame's level (dB) and returns its loudness 0..1 against the reference so far. */
    public double normalise(double db) {
        if (db >= reference) {
            reference = db;
            sincePeak = 0;
        } else {
            sincePeak++;
            double overHold = sincePeak / fps - HOLD_S;
            if (overHold > 0) {
                reference = Math.max(Math.max(FLOOR_DB, db), reference - RELEASE_DB_PER_S / fps);
            }
        }
        return PoseFeatures.normalise(db, reference);
    }

    /** The current reference peak, dB. */
    public double reference() {
        return reference;
    }

    /** Back to the start state (reference at the floor). */
    public void reset() {
        reference = FLOOR_DB;
        sincePeak = 0;
    }
}
