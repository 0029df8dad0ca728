package io.adamesh.ui.timeline;

import io.adamesh.timeline.Blend;
import io.adamesh.timeline.ChannelGroup;
import io.adamesh.timeline.Evaluator;
import io.adamesh.timeline.Layer;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TangentMode;
import io.adamesh.timeline.TrackKind;
import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.edit.DocumentEdits;
import io.adamesh.timeline.edit.Job;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.timeline.edit.KeyEdits;
import io.adamesh.timeline.edit.KeyRef;
import io.adamesh.timeline.edit.TimelineClipboard;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;

/**
 * The timeline's state and actions for the view and the main window: playhead, transport (play,
 * J/K/L shuttle, loop, frame steps), zoom/scroll, expanded lanes, active layer, key and clip selection,
 * and every edit as a job on the document's {@link JobManager} (so the Edit menu can bind to
 * {@link #undoTextProperty()} / {@link #dirtyProperty()}). No scene-graph types: unit-testable
 * without a stage. The main window drives playback by calling {@link #advance(double)} from its
 * frame timer (or sets {@link #playheadProperty()} from the audio clock).
 */
public final class TimelineViewModel {
    private final Project project;
    private final JobManager jobs;
    private final Evaluator evaluator;
    private final TimelineClipboard clipboard = new TimelineClipboard();

    private final DoubleProperty playhead = new SimpleDoubleProperty(0);
    private final DoubleProperty viewStart = new SimpleDoubleProperty(0);
    private final DoubleProperty pixelsPerSecond = new SimpleDoubleProperty(120);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(1);
    private final BooleanProperty loop = new SimpleBooleanProperty(false);
    private final StringProperty activeLayer = new SimpleStringProperty();
    private final ObjectProperty<Set<KeyRef>> selection = new SimpleObjectProperty<>(Set.of());
    private final ObjectProperty<Set<String>> selectedClips = new SimpleObjectProperty<>(Set.of());
    private final ObjectProperty<TrackKind> selectedClipTrack = new SimpleObjectProperty<>();
    private final ObjectProperty<Set<ChannelGroup>> expanded = new SimpleObjectProperty<>(Set.of());
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("Redo");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private double viewWidthPx = 800;

    public TimelineViewModel(Project project, JobManager jobs) {
        this.project = project;
        this.jobs = jobs;
        this.evaluator = new Evaluator(project);
        jobs.addListener(this::jobsChanged);
        if (!project.layers().isEmpty()) activeLayer.set(project.layers().get(0).id());
        jobsChanged();
    }

    private void jobsChanged() {
        revision.set(jobs.revision());
        dirty.set(jobs.isDirty());
        undoText.set(jobs.canUndo() ? "Undo " + jobs.undoDescription() : "Undo");
        redoText.set(jobs.canRedo() ? "Redo " + jobs.redoDescription() : "Redo");
        canUndo.set(jobs.canUndo());
        canRedo.set(jobs.canRedo());
        // drop selected keys/layers that an undo removed
        if (activeLayer.get() != null && project.layer(activeLayer.get()) == null) {
            activeLayer.set(project.layers().isEmpty() ? null : project.layers().get(project.layers().size() - 1).id());
        }
    }

    public Project project() { return project; }
    public JobManager jobs() { return jobs; }
    public Evaluator evaluator() { return evaluator; }

    public DoubleProperty playheadProperty() { return playhead; }
    public DoubleProperty viewStartProperty() { return viewStart; }
    public DoubleProperty pixelsPerSecondProperty() { return pixelsPerSecond; }
    public BooleanProperty playingProperty() { return playing; }
    /** Playback rate: 1 normal, negative backwards (J), larger after repeated J/L. */
    public DoubleProperty speedProperty() { return speed; }
    public BooleanProperty loopProperty() { return loop; }
    public StringProperty activeLayerProperty() { return activeLayer; }
    public ObjectProperty<Set<KeyRef>> selectionProperty() { return selection; }
    public ObjectProperty<Set<String>> selectedClipsProperty() { return selectedClips; }
    public ObjectProperty<TrackKind> selectedClipTrackProperty() { return selectedClipTrack; }
    public ObjectProperty<Set<ChannelGroup>> expandedProperty() { return expanded; }
    public ReadOnlyLongProperty revisionProperty() { return revision.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty.getReadOnlyProperty(); }
    public ReadOnlyStringProperty undoTextProperty() { return undoText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty redoTextProperty() { return redoText.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }

    /** Width of the lanes in pixels (the view reports it; zoom-to-fit and follow-playhead use it). */
    public void setViewWidth(double px) { viewWidthPx = Math.max(1, px); }

    public double frameDuration() { return 1 / project.fps(); }

    // ---- transport ----

    public void togglePlay() {
        if (playing.get()) playing.set(false);
        else {
            speed.set(1);
            playing.set(true);
        }
    }

    /** J: play backwards, faster on each press. */
    public void shuttleBackward() {
        speed.set(playing.get() && speed.get() < 0 ? Math.max(-8, speed.get() * 2) : -1);
        playing.set(true);
    }

    /** K: stop. */
    public void shuttleStop() { playing.set(false); }

    /** L: play forwards, faster on each press. */
    public void shuttleForward() {
        speed.set(playing.get() && speed.get() > 0 ? Math.min(8, speed.get() * 2) : 1);
        playing.set(true);
    }

    /** Advances the playhead by {@code dt} seconds of wall time while playing (loops or stops at the ends). */
    public void advance(double dt) {
        if (!playing.get()) return;
        double end = project.extent();
        double t = playhead.get() + dt * speed.get();
        if (t > end || t < 0) {
            if (loop.get() && end > 0) t = speed.get() > 0 ? t % end : end + t % end;
            else {
                t = Math.max(0, Math.min(end, t));
                playing.set(false);
            }
        }
        seek(t);
    }

    public void seek(double t) {
        playhead.set(Math.max(0, Math.min(project.extent(), t)));
        follow();
    }

    /** Moves the playhead by whole frames (snapping to the frame grid first). */
    public void stepFrames(int frames) {
        playing.set(false);
        long f = project.frameOf(playhead.get()) + frames;
        seek(project.timeOf(Math.max(0, f)));
    }

    /** Keeps the playhead in view (scrolling by a page when it leaves). */
    private void follow() {
        double span = viewWidthPx / pixelsPerSecond.get();
        double t = playhead.get();
        if (t < viewStart.get() || t > viewStart.get() + span) viewStart.set(Math.max(0, t - span * 0.1));
    }

    // ---- view ----

    /** Zooms by {@code factor} keeping time {@code anchor} at the same x. */
    public void zoom(double factor, double anchor) {
        double old = pixelsPerSecond.get();
        double nw = Math.max(2, Math.min(4000, old * factor));
        pixelsPerSecond.set(nw);
        viewStart.set(Math.max(0, anchor - (anchor - viewStart.get()) * old / nw));
    }

    public void scrollPixels(double dx) {
        viewStart.set(Math.max(0, viewStart.get() + dx / pixelsPerSecond.get()));
    }

    public void zoomToFit() {
        pixelsPerSecond.set(Math.max(2, viewWidthPx / Math.max(1, project.extent())));
        viewStart.set(0);
    }

    public void toggleExpanded(ChannelGroup g) {
        Set<ChannelGroup> s = expanded.get().isEmpty() ? EnumSet.noneOf(ChannelGroup.class) : EnumSet.copyOf(expanded.get());
        if (!s.remove(g)) s.add(g);
        expanded.set(Set.copyOf(s));
    }

    // ---- edits ----

    private boolean push(Job job) {
        return jobs.push(job);
    }

    private String layerForEdits() {
        if (activeLayer.get() == null) {
            push(DocumentEdits.addLayer(project, "Edits", Blend.ADD));
            activeLayer.set(project.layers().get(project.layers().size() - 1).id());
        }
        return activeLayer.get();
    }

    /**
     * Adds a key on {@code channel} at {@code time} so that the curve shows {@code shownValue} there
     * (the key's own value is the difference to the motion below for additive layers). Selects it.
     */
    public KeyRef addKey(String channel, double time, double shownValue) {
        String layerId = layerForEdits();
        Layer layer = project.layer(layerId);
        double below = evaluator.valueThrough(channel, time, project.layerIndex(layerId));
        double v = layer.defaultBlend() == Blend.OVERRIDE ? shownValue : shownValue - below;
        push(KeyEdits.addKey(project, layerId, channel, time, v, TangentMode.SMOOTH));
        var curve = layer.curve(channel);
        double snapped = Math.round(time * project.fps()) / project.fps();
        for (var k : curve.keys()) {
            if (Math.abs(k.time() - snapped) < 1e-9) {
                KeyRef ref = new KeyRef(layerId, channel, k.id());
                select(Set.of(ref));
                return ref;
            }
        }
        return null;
    }

    public void select(Set<KeyRef> keys) {
        selection.set(Set.copyOf(keys));
        if (!keys.isEmpty()) selectedClips.set(Set.of());
    }

    public void toggleSelected(KeyRef k) {
        Set<KeyRef> s = new LinkedHashSet<>(selection.get());
        if (!s.remove(k)) s.add(k);
        select(s);
    }

    public void selectClip(TrackKind kind, String id) {
        selectedClipTrack.set(kind);
        selectedClips.set(id == null ? Set.of() : Set.of(id));
        if (id != null) selection.set(Set.of());
    }

    public void moveSelectedKeys(double dt, double dv) {
        if (!selection.get().isEmpty()) push(KeyEdits.moveKeys(project, selection.get(), dt, dv));
    }

    public void moveClip(TrackKind kind, String id, double newOffset) {
        push(ClipEdits.moveClip(project, kind, id, newOffset));
    }

    public void trimClip(TrackKind kind, String id, double in, double out) {
        push(ClipEdits.trimClip(project, kind, id, in, out));
    }

    /** Del: deletes the selected keys, else the selected clips. */
    public void deleteSelection() {
        if (!selection.get().isEmpty()) {
            push(KeyEdits.deleteKeys(project, selection.get()));
            selection.set(Set.of());
        } else if (!selectedClips.get().isEmpty() && selectedClipTrack.get() != null) {
            push(ClipEdits.deleteClips(project, selectedClipTrack.get(), List.copyOf(selectedClips.get())));
            selectedClips.set(Set.of());
        }
    }

    public void setTangentMode(TangentMode mode) { push(KeyEdits.setTangentMode(project, selection.get(), mode)); }
    public void scaleIntensity(double factor) { push(KeyEdits.scaleIntensity(project, selection.get(), factor, 0)); }
    public void smoothSelection(double strength) { push(KeyEdits.smooth(project, selection.get(), strength)); }
    public void timeStretch(double factor) {
        double pivot = selection.get().stream().mapToDouble(this::timeOf).min().orElse(0);
        push(KeyEdits.timeStretch(project, selection.get(), pivot, factor));
    }

    /** Adds a constant to the selected keys' values. */
    public void offsetSelection(double dv) { push(KeyEdits.offsetValues(project, selection.get(), dv)); }

    /**
     * Replaces each selected curve's keys between its first and last selected key by the fewest keys
     * that stay within {@code tolerance} of the original curve (one undoable edit).
     */
    public void simplifySelection(double tolerance) {
        java.util.Map<String, double[]> spans = new java.util.TreeMap<>();
        for (KeyRef r : selection.get()) {
            double t = timeOf(r);
            spans.merge(r.layerId() + "\u0000" + r.channel(), new double[] {t, t},
                    (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<io.adamesh.timeline.edit.Job> jobs = new java.util.ArrayList<>();
        spans.forEach((key, span) -> {
            String[] parts = key.split("\u0000", 2);
            if (span[1] > span[0]) jobs.add(KeyEdits.simplifyToKeys(project, parts[0], parts[1], span[0], span[1], tolerance));
        });
        if (!jobs.isEmpty()) {
            push(new io.adamesh.timeline.edit.CompositeJob("Simplify to keys", jobs));
            selection.set(Set.of());
        }
    }

    /** A new, empty edit layer on top (additive or override), made the active layer for new keys. */
    public void addEditLayer(io.adamesh.timeline.Blend blend) {
        String name = (blend == io.adamesh.timeline.Blend.OVERRIDE ? "Override " : "Edit ") + project.layers().size();
        if (push(io.adamesh.timeline.edit.DocumentEdits.addLayer(project, name, blend))) {
            activeLayer.set(project.layers().get(project.layers().size() - 1).id());
        }
    }

    /** Mutes or unmutes the active layer. */
    public void toggleActiveLayerMuted() {
        var layer = activeLayer.get() == null ? null : project.layer(activeLayer.get());
        if (layer != null) push(io.adamesh.timeline.edit.DocumentEdits.setMuted(project, layer.id(), !layer.muted()));
    }

    private double timeOf(KeyRef r) {
        var c = project.layer(r.layerId()).curve(r.channel());
        int i = c.indexOfId(r.keyId());
        return i < 0 ? 0 : c.key(i).time();
    }

    public void addMarkerAtPlayhead() {
        push(DocumentEdits.addMarker(project, playhead.get(), "Marker " + (project.markers().size() + 1)));
    }

    public void copy() {
        if (!selection.get().isEmpty()) clipboard.copyKeys(project, List.copyOf(selection.get()));
        else if (!selectedClips.get().isEmpty()) clipboard.copyClips(project, selectedClipTrack.get(), List.copyOf(selectedClips.get()));
    }

    /** Pastes at the playhead: keys into the active layer, else clips. */
    public void paste() {
        if (clipboard.hasKeys()) push(clipboard.pasteKeys(project, layerForEdits(), playhead.get()));
        else if (clipboard.hasClips()) push(clipboard.pasteClips(project, playhead.get()));
    }

    public void undo() { jobs.undo(); }
    public void redo() { jobs.redo(); }
}
