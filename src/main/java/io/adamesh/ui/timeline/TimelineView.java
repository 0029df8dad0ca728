package io.adamesh.ui.timeline;

import io.adamesh.timeline.TimedClip;
import io.adamesh.timeline.Track;
import io.adamesh.timeline.TrackKind;
import io.adamesh.timeline.draw.PeakSource;
import io.adamesh.timeline.draw.TimelineGeometry;
import io.adamesh.timeline.draw.TimelinePainter;
import io.adamesh.timeline.edit.KeyRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javafx.beans.Observable;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * The timeline, drawn in code on one canvas: ruler, markers, voice waveform, one lane per channel
 * group (click its name to expand its channels' curves and keys), reference-video thumbnails and the
 * playhead. Edits go through {@link TimelineViewModel}. Redraws are coalesced to one per pulse and
 * evaluate only the visible range.
 */
public final class TimelineView extends Region {
    private enum Drag { NONE, SCRUB, KEYS, MOVE_CLIP, TRIM_IN, TRIM_OUT }

    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();
    private final FxSurface surface = new FxSurface();
    private final TimelinePainter painter = new TimelinePainter();
    private final TimelineGeometry geometry = new TimelineGeometry();
    private final TimelinePainter.State state = new TimelinePainter.State();
    private final Map<String, PeakSource> peaks = new HashMap<>();
    private boolean needsRedraw = true;
    private double scrollY;
    private long lastRedrawNanos;

    private Drag drag = Drag.NONE;
    private double pressX, pressY;
    private TimelineGeometry.Row pressRow;
    private TrackKind dragTrack;
    private TimedClip dragClip;
    private boolean moved;

    public TimelineView(TimelineViewModel vm) {
        this.vm = vm;
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(300, 150);
        setPrefSize(1000, 420);
        for (Observable o : new Observable[] {vm.playheadProperty(), vm.viewStartProperty(), vm.pixelsPerSecondProperty(),
                vm.revisionProperty(), vm.selectionProperty(), vm.selectedClipsProperty(), vm.expandedProperty(),
                vm.activeLayerProperty()}) {
            o.addListener(x -> requestRedraw());
        }
        canvas.setOnMousePressed(this::pressed);
        canvas.setOnMouseDragged(this::dragged);
        canvas.setOnMouseReleased(this::released);
        canvas.setOnMouseClicked(this::clicked);
        canvas.setOnScroll(this::scrolled);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
    }

    public TimelineViewModel viewModel() { return vm; }

    private final Map<String, io.adamesh.timeline.draw.ThumbnailSource> thumbnails = new HashMap<>();

    /** Pictures for reference-video clip {@code clipId}. */
    public void setThumbnails(String clipId, io.adamesh.timeline.draw.ThumbnailSource source) {
        thumbnails.put(clipId, source);
        requestRedraw();
    }

    /** The waveform envelope of voice clip {@code clipId} (the main window adapts its audio peaks). */
    public void setPeaks(String clipId, PeakSource source) {
        peaks.put(clipId, source);
        requestRedraw();
    }

    public TimelineGeometry geometry() { return geometry; }

    /** Nanoseconds the last redraw took (for the status bar and the bench tool). */
    public long lastRedrawNanos() { return lastRedrawNanos; }

    public void requestRedraw() {
        needsRedraw = true;
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth()), h = snapSizeY(getHeight());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            needsRedraw = true;
        }
        if (needsRedraw) redraw();
    }

    /** Redraws now. */
    public void redraw() {
        long t0 = System.nanoTime();
        needsRedraw = false;
        double w = canvas.getWidth(), h = canvas.getHeight();
        vm.setViewWidth(w - TimelineGeometry.HEADER);
        geometry.layout(vm.project(), vm.expandedProperty().get(), w, h, scrollY);
        geometry.setView(vm.viewStartProperty().get(), vm.pixelsPerSecondProperty().get());
        state.playhead = vm.playheadProperty().get();
        state.activeLayerId = vm.activeLayerProperty().get();
        state.selection = vm.selectionProperty().get();
        state.selectedClips = vm.selectedClipsProperty().get();
        state.peaks = peaks;
        state.thumbnails = thumbnails;
        surface.begin(canvas.getGraphicsContext2D());
        painter.paint(surface, vm.project(), vm.evaluator(), geometry, state);
        lastRedrawNanos = System.nanoTime() - t0;
    }

    // ---- mouse ----

    private Track<? extends TimedClip> trackOf(TimelineGeometry.RowKind kind) {
        return switch (kind) {
            case VOICE -> vm.project().voice();
            case REFERENCE -> vm.project().reference();
            case GROUP -> vm.project().animation();
            default -> null;
        };
    }

    private static TrackKind kindOf(TimelineGeometry.RowKind kind) {
        return switch (kind) {
            case VOICE -> TrackKind.VOICE;
            case REFERENCE -> TrackKind.REFERENCE;
            default -> TrackKind.ANIMATION;
        };
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        if (e.getButton() != MouseButton.PRIMARY) return;
        pressX = e.getX();
        pressY = e.getY();
        moved = false;
        drag = Drag.NONE;
        pressRow = geometry.rowAt(e.getY());
        if (e.getY() < TimelineGeometry.RULER && e.getX() >= TimelineGeometry.HEADER) {
            drag = Drag.SCRUB;
            vm.seek(geometry.time(e.getX()));
            return;
        }
        if (pressRow == null || e.getX() < TimelineGeometry.HEADER) return;
        switch (pressRow.kind()) {
            case CHANNEL -> {
                KeyRef k = TimelinePainter.keyAt(vm.project(), vm.evaluator(), geometry, vm.activeLayerProperty().get(), e.getX(), e.getY());
                if (k != null) {
                    if (e.isShiftDown()) vm.toggleSelected(k);
                    else if (!vm.selectionProperty().get().contains(k)) vm.select(Set.of(k));
                    drag = Drag.KEYS;
                }
            }
            case VOICE, REFERENCE, GROUP -> {
                Track<? extends TimedClip> track = trackOf(pressRow.kind());
                TimedClip c = track.at(geometry.time(e.getX()));
                if (c == null) {
                    vm.selectClip(null, null);
                    return;
                }
                dragTrack = kindOf(pressRow.kind());
                dragClip = c;
                vm.selectClip(dragTrack, c.id());
                if (Math.abs(e.getX() - geometry.x(c.start())) <= 6) drag = Drag.TRIM_IN;
                else if (Math.abs(e.getX() - geometry.x(c.end())) <= 6) drag = Drag.TRIM_OUT;
                else drag = Drag.MOVE_CLIP;
            }
            default -> { }
        }
    }

    private void dragged(MouseEvent e) {
        if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 2) moved = true;
        double dt = (e.getX() - pressX) / geometry.pixelsPerSecond();
        switch (drag) {
            case SCRUB -> vm.seek(geometry.time(e.getX()));
            case KEYS -> {
                state.dragDt = Math.round(dt * vm.project().fps()) / vm.project().fps();
                state.dragDv = geometry.valueAt(pressRow, e.getY()) - geometry.valueAt(pressRow, pressY);
                requestRedraw();
            }
            case MOVE_CLIP -> {
                state.clipDragId = dragClip.id();
                state.clipDragDt = dt;
                requestRedraw();
            }
            default -> { }
        }
    }

    private void released(MouseEvent e) {
        double dt = (e.getX() - pressX) / geometry.pixelsPerSecond();
        if (moved) {
            switch (drag) {
                case KEYS -> vm.moveSelectedKeys(state.dragDt, state.dragDv);
                case MOVE_CLIP -> vm.moveClip(dragTrack, dragClip.id(), Math.max(0, dragClip.offset() + dt));
                case TRIM_IN -> vm.trimClip(dragTrack, dragClip.id(), dragClip.in() + dt, dragClip.out());
                case TRIM_OUT -> vm.trimClip(dragTrack, dragClip.id(), dragClip.in(), dragClip.out() + dt);
                default -> { }
            }
        }
        state.dragDt = state.dragDv = 0;
        state.clipDragId = null;
        drag = Drag.NONE;
        requestRedraw();
    }

    private void clicked(MouseEvent e) {
        if (moved || e.getButton() != MouseButton.PRIMARY) return;
        TimelineGeometry.Row r = geometry.rowAt(e.getY());
        if (r == null) return;
        if (e.getX() < TimelineGeometry.HEADER) {
            if (r.kind() == TimelineGeometry.RowKind.GROUP) vm.toggleExpanded(r.group());
            return;
        }
        if (r.kind() == TimelineGeometry.RowKind.CHANNEL) {
            KeyRef k = TimelinePainter.keyAt(vm.project(), vm.evaluator(), geometry, vm.activeLayerProperty().get(), e.getX(), e.getY());
            if (e.getClickCount() == 2 && k == null) {
                vm.addKey(r.channel(), geometry.time(e.getX()), geometry.valueAt(r, e.getY()));
            } else if (k == null && !e.isShiftDown()) {
                vm.select(Set.of());
                vm.seek(geometry.time(e.getX()));
            }
        } else if (r.kind() == TimelineGeometry.RowKind.MARKERS) {
            vm.seek(geometry.time(e.getX()));
        }
    }

    private void scrolled(ScrollEvent e) {
        if (e.isControlDown()) {
            vm.zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, geometry.time(e.getX()));
        } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            vm.scrollPixels(-(e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY()));
        } else {
            double max = Math.max(0, geometry.contentHeight() - canvas.getHeight());
            scrollY = Math.max(0, Math.min(max, scrollY - e.getDeltaY()));
            requestRedraw();
        }
        e.consume();
    }

    // ---- keyboard ----

    private void keyPressed(KeyEvent e) {
        boolean ctrl = e.isShortcutDown();
        KeyCode c = e.getCode();
        boolean handled = true;
        if (ctrl && c == KeyCode.Z && !e.isShiftDown()) vm.undo();
        else if (ctrl && (c == KeyCode.Y || (c == KeyCode.Z && e.isShiftDown()))) vm.redo();
        else if (ctrl && c == KeyCode.C) vm.copy();
        else if (ctrl && c == KeyCode.V) vm.paste();
        else if (ctrl && c == KeyCode.DIGIT0) vm.zoomToFit();
        else if (ctrl) handled = false;
        else switch (c) {
            case SPACE -> vm.togglePlay();
            case J -> vm.shuttleBackward();
            case K -> vm.shuttleStop();
            case L -> vm.shuttleForward();
            case LEFT -> vm.stepFrames(e.isShiftDown() ? -10 : -1);
            case RIGHT -> vm.stepFrames(e.isShiftDown() ? 10 : 1);
            case HOME -> vm.seek(0);
            case END -> vm.seek(vm.project().extent());
            case DELETE, BACK_SPACE -> vm.deleteSelection();
            case M -> vm.addMarkerAtPlayhead();
            case PLUS, EQUALS, ADD -> vm.zoom(1.25, vm.playheadProperty().get());
            case MINUS, SUBTRACT -> vm.zoom(0.8, vm.playheadProperty().get());
            case F1, SLASH -> ShortcutSheet.dialog(getScene() == null ? null : getScene().getWindow()).show();
            default -> handled = false;
        }
        if (handled) e.consume();
    }

}
