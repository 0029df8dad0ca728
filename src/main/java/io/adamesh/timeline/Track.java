package io.adamesh.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An ordered list of clips of one kind; later clips win where clips overlap. */
public final class Track<T extends TimedClip> {
    private final TrackKind kind;
    private final ArrayList<T> clips = new ArrayList<>();

    public Track(TrackKind kind) { this.kind = kind; }

    public TrackKind kind() { return kind; }
    public List<T> clips() { return Collections.unmodifiableList(clips); }

    public int indexOf(String id) {
        for (int i = 0; i < clips.size(); i++) if (clips.get(i).id().equals(id)) return i;
        return -1;
    }

    public T find(String id) {
        int i = indexOf(id);
        return i < 0 ? null : clips.get(i);
    }

    public void add(T clip) { clips.add(clip); }

    /** Replaces every clip (edit jobs restore snapshots through this). */
    public void setAll(List<T> all) {
        clips.clear();
        clips.addAll(all);
    }
    public void add(int index, T clip) { clips.add(index, clip); }
    public T remove(int index) { return clips.remove(index); }
    public void set(int index, T clip) { clips.set(index, clip); }

    /** Replaces the clip with the same id. */
    public void replace(T clip) {
        int i = indexOf(clip.id());
        if (i < 0) throw new IllegalArgumentException("no clip " + clip.id() + " on the " + kind + " track");
        clips.set(i, clip);
    }

    /** The last clip covering {@code t}, or null. */
    public T at(double t) {
        for (int i = clips.size() - 1; i >= 0; i--) if (clips.get(i).covers(t)) return clips.get(i);
        return null;
    }

    public double end() {
        double e = 0;
        for (T c : clips) e = Math.max(e, c.end());
        return e;
    }
}
