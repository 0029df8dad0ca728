package io.adamesh.timeline;

import io.adamesh.clip.Clip;
import java.util.Objects;

/** A generated (or tracked/imported) {@link Clip} placed on the animation track, with its source. */
public record AnimationClip(String id, Clip clip, ClipSource source, double offset, double in, double out)
        implements TimedClip {
    public AnimationClip {
        Objects.requireNonNull(clip);
        double d = clip.durationSeconds();
        in = Math.max(0, Math.min(in, d));
        out = Math.max(in, Math.min(out, d));
    }

    public static AnimationClip whole(String id, Clip clip, ClipSource source, double offset) {
        return new AnimationClip(id, clip, source, offset, 0, clip.durationSeconds());
    }

    @Override
    public double sourceDuration() { return clip.durationSeconds(); }

    @Override
    public AnimationClip placed(double offset, double in, double out) {
        return new AnimationClip(id, clip, source, offset, in, out);
    }

    /** The same placement with a new clip (re-generation); the trim is kept where the new clip allows. */
    public AnimationClip withClip(Clip newClip, ClipSource newSource) {
        return new AnimationClip(id, newClip, newSource, offset, in, Math.min(out, newClip.durationSeconds()));
    }
}
