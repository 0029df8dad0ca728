package io.adamesh.timeline.edit;

import io.adamesh.clip.Clip;
import io.adamesh.timeline.AnimationClip;
import io.adamesh.timeline.ClipSource;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TimedClip;
import io.adamesh.timeline.Track;
import io.adamesh.timeline.TrackKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Clip edits (move, trim, add, delete, re-generate, relink) as jobs snapshotting a track's clip list. */
public final class ClipEdits {
    private ClipEdits() {}

    @SuppressWarnings("unchecked")
    private static <T extends TimedClip> Job track(Project p, TrackKind kind, String description, UnaryOperator<List<T>> change) {
        Track<T> t = (Track<T>) p.track(kind);
        return new SnapshotJob<List<T>>(description, () -> List.copyOf(t.clips()), t::setAll, change);
    }

    private static <T extends TimedClip> List<T> replacing(List<T> clips, String id, UnaryOperator<T> f) {
        List<T> out = new ArrayList<>(clips);
        for (int i = 0; i < out.size(); i++) if (out.get(i).id().equals(id)) out.set(i, f.apply(out.get(i)));
        return out;
    }

    @SuppressWarnings("unchecked")
    public static Job moveClip(Project p, TrackKind kind, String clipId, double newOffset) {
        double fps = p.fps();
        double off = Math.round(newOffset * fps) / fps;
        return ClipEdits.<TimedClip>track(p, kind, "Move clip", l -> replacing(l, clipId, c -> c.placed(off, c.in(), c.out())));
    }

    /**
     * Trims the clip to source range [{@code in}, {@code out}); the clip's timeline start follows
     * its in point (trimming the head keeps the remaining material where it was).
     */
    public static Job trimClip(Project p, TrackKind kind, String clipId, double in, double out) {
        return ClipEdits.<TimedClip>track(p, kind, "Trim clip", l -> replacing(l, clipId, c -> {
            double ni = Math.max(0, Math.min(in, c.sourceDuration()));
            return c.placed(c.offset() + (ni - c.in()), ni, out);
        }));
    }

    public static Job addMediaClip(Project p, TrackKind kind, MediaClip clip) {
        if (kind == TrackKind.ANIMATION) throw new IllegalArgumentException("media clips go on the voice or reference track");
        return ClipEdits.<MediaClip>track(p, kind, kind == TrackKind.VOICE ? "Add voice clip" : "Add reference video", l -> {
            List<MediaClip> out = new ArrayList<>(l);
            out.add(clip);
            return out;
        });
    }

    public static Job addAnimationClip(Project p, AnimationClip clip) {
        return ClipEdits.<AnimationClip>track(p, TrackKind.ANIMATION, "Add animation clip", l -> {
            List<AnimationClip> out = new ArrayList<>(l);
            out.add(clip);
            return out;
        });
    }

    public static Job deleteClips(Project p, TrackKind kind, List<String> ids) {
        return ClipEdits.<TimedClip>track(p, kind, ids.size() == 1 ? "Delete clip" : "Delete clips",
                l -> l.stream().filter(c -> !ids.contains(c.id())).toList());
    }

    /**
     * Re-generation: the animation clip's motion is replaced; its placement stays and edit layers,
     * which never reference the clip, keep applying on top.
     */
    public static Job replaceGenerated(Project p, String clipId, Clip newClip, ClipSource source) {
        return ClipEdits.<AnimationClip>track(p, TrackKind.ANIMATION, "Re-generate animation",
                l -> replacing(l, clipId, c -> c.withClip(newClip, source)));
    }

    /** Points a media clip at another file ({@code offline} says whether that file exists). */
    public static Job relink(Project p, TrackKind kind, String clipId, String newPath, boolean offline) {
        return ClipEdits.<MediaClip>track(p, kind, "Relink media", l -> replacing(l, clipId, c -> c.relinked(newPath, offline)));
    }
}
