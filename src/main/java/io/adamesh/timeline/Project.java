package io.adamesh.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The timeline document: frame rate, duration, the voice / generated animation / reference-video
 * tracks, markers and the hand-edit layers (evaluated in order on top of the generated base).
 * Mutated only through edit jobs ({@code io.adamesh.timeline.edit}) so every change can be undone.
 */
public final class Project {
    private String name;
    private double fps;
    private double duration;
    private final Track<MediaClip> voice = new Track<>(TrackKind.VOICE);
    private final Track<AnimationClip> animation = new Track<>(TrackKind.ANIMATION);
    private final Track<MediaClip> reference = new Track<>(TrackKind.REFERENCE);
    private final ArrayList<Marker> markers = new ArrayList<>();
    private final ArrayList<Layer> layers = new ArrayList<>();
    private long nextId = 1;

    public Project(String name, double fps, double duration) {
        if (!(fps > 0)) throw new IllegalArgumentException("fps must be positive");
        this.name = name;
        this.fps = fps;
        this.duration = Math.max(0, duration);
    }

    public String name() { return name; }
    public void setName(String n) { name = n; }
    public double fps() { return fps; }
    public double duration() { return duration; }
    public void setDuration(double d) { duration = Math.max(0, d); }
    /** Duration, at least as long as the furthest clip. */
    public double extent() {
        return Math.max(duration, Math.max(voice.end(), Math.max(animation.end(), reference.end())));
    }

    public Track<MediaClip> voice() { return voice; }
    public Track<AnimationClip> animation() { return animation; }
    public Track<MediaClip> reference() { return reference; }

    @SuppressWarnings("unchecked")
    public Track<? extends TimedClip> track(TrackKind kind) {
        return switch (kind) {
            case VOICE -> voice;
            case ANIMATION -> animation;
            case REFERENCE -> reference;
        };
    }

    /** Markers sorted by time. */
    public List<Marker> markers() { return Collections.unmodifiableList(markers); }
    public void addMarker(Marker m) {
        int i = 0;
        while (i < markers.size() && markers.get(i).time() <= m.time()) i++;
        markers.add(i, m);
    }
    public void setMarkers(List<Marker> all) {
        markers.clear();
        all.forEach(this::addMarker);
    }
    public int markerIndex(String id) {
        for (int i = 0; i < markers.size(); i++) if (markers.get(i).id().equals(id)) return i;
        return -1;
    }
    public Marker removeMarker(String id) {
        int i = markerIndex(id);
        return i < 0 ? null : markers.remove(i);
    }

    public List<Layer> layers() { return Collections.unmodifiableList(layers); }
    public void addLayer(int index, Layer l) { layers.add(index, l); }
    public int layerIndex(String id) {
        for (int i = 0; i < layers.size(); i++) if (layers.get(i).id().equals(id)) return i;
        return -1;
    }
    public Layer layer(String id) {
        int i = layerIndex(id);
        return i < 0 ? null : layers.get(i);
    }
    public Layer removeLayer(int index) { return layers.remove(index); }
    public void setLayers(List<Layer> all) {
        layers.clear();
        layers.addAll(all);
    }

    /** A new id, unique in this document (keys, clips, markers, layers). */
    public long newId() { return nextId++; }
    public String newStringId(String prefix) { return prefix + newId(); }
    public long nextIdValue() { return nextId; }
    public void setNextId(long n) { nextId = Math.max(nextId, n); }

    /** Every channel the document animates: the clips' channels, then edited ones they lack. */
    public List<String> channels() {
        Set<String> out = new LinkedHashSet<>();
        for (AnimationClip c : animation.clips()) out.addAll(Channels.all(c.clip().channels(), c.clip().joints()));
        for (Layer l : layers) out.addAll(l.curveMap().keySet());
        return new ArrayList<>(out);
    }

    /** Frame index of time {@code t} (rounded to the nearest frame). */
    public long frameOf(double t) { return Math.round(t * fps); }
    public double timeOf(long frame) { return frame / fps; }
}
