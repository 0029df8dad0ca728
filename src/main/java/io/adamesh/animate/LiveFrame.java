package io.adamesh.animate;

import io.adamesh.face.FaceParams;

/**
 * One live animation frame as the inference thread publishes it through {@link LatestFrame}: the
 * rig parameters plus when and how late it was made. Mutable, reused (triple buffer).
 */
public final class LiveFrame {
    public final FaceParams params;
    /** Animation frame number (30 fps, frame i shows the audio at i / 30 s since capture start). */
    public long frame = -1;
    /** {@link System#nanoTime()}-scale time the frame became ready (the animator's clock). */
    public long readyNanos;
    /** Capture of the sample this frame shows -> frame ready, nanoseconds. */
    public long latencyNanos;
    /** The speaker whose adapter made this frame. */
    public String speaker = "";

    public LiveFrame(FaceParams params) {
        this.params = params;
    }
}
