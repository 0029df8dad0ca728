package io.adamesh.ui.track;

import io.adamesh.ui.track.ReferenceVideoViewModel.FrameStatus;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The scrub slider: a track with the selected range (draggable in and out handles), the playhead,
 * and under it the per-frame confidence strip (green usable, red flagged, grey not tracked). Click
 * or drag to scrub; Left/Right step a frame (Shift: a second), Home/End, I/O set the range at the
 * playhead.
 */
public final class ScrubBar extends Region {
    static final double PAD = 10, TRACK_Y = 6, TRACK_H = 16, STRIP_Y = 26, STRIP_H = 10, HEIGHT = 40;
    static final Color TRACK = Color.rgb(60, 64, 72), RANGE = Color.rgb(70, 130, 220, 0.75);
    static final Color HANDLE = Color.rgb(150, 195, 255), PLAYHEAD = Color.WHITE;
    static final Color NOT_TRACKED = Color.rgb(85, 88, 95), USABLE = Color.rgb(60, 190, 90), FLAGGED = Color.rgb(220, 60, 60);

    private final ReferenceVideoViewModel vm;
    private final Canvas canvas = new Canvas();
    private enum Drag { NONE, SCRUB, IN, OUT }
    private Drag drag = Drag.NONE;

    public ScrubBar(ReferenceVideoViewModel vm) {
        this.vm = vm;
        getStyleClass().add("reference-scrub");
        getChildren().add(canvas);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setMaxHeight(HEIGHT);
        setPrefWidth(600);
        setFocusTraversable(true);
        for (var p : new javafx.beans.Observable[] {vm.currentFrameProperty(), vm.rangeStartProperty(),
                vm.rangeEndProperty(), vm.frameCountProperty(), vm.trackedClipProperty(), vm.loadedProperty()}) {
            p.addListener(o -> draw());
        }
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::press);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> drag = Drag.NONE);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    /** The x of the left edge of frame {@code f}'s cell. */
    double xOf(double f) {
        int n = Math.max(1, vm.frameCountProperty().get());
        return PAD + f / n * (getWidth() - 2 * PAD);
    }

    int frameAt(double x) {
        int n = Math.max(1, vm.frameCountProperty().get());
        return (int) Math.floor((x - PAD) / Math.max(1, getWidth() - 2 * PAD) * n);
    }

    private void press(MouseEvent e) {
        requestFocus();
        if (!vm.loadedProperty().get()) {
            return;
        }
        double inX = xOf(vm.rangeStartProperty().get()), outX = xOf(vm.rangeEndProperty().get());
        if (Math.abs(e.getX() - inX) <= 6 && e.getY() <= TRACK_Y + TRACK_H + 2) {
            drag = Drag.IN;
        } else if (Math.abs(e.getX() - outX) <= 6 && e.getY() <= TRACK_Y + TRACK_H + 2) {
            drag = Drag.OUT;
        } else {
            drag = Drag.SCRUB;
            vm.seek(frameAt(e.getX()));
        }
    }

    private void dragged(MouseEvent e) {
        int f = frameAt(e.getX());
        switch (drag) {
            case SCRUB -> vm.seek(f);
            case IN -> vm.setRange(Math.min(f, vm.rangeEndProperty().get() - 1), vm.rangeEndProperty().get());
            case OUT -> vm.setRange(vm.rangeStartProperty().get(),
                    Math.max(frameAt(e.getX() + 0.5 * cell()), vm.rangeStartProperty().get() + 1));
            default -> { }
        }
    }

    private double cell() {
        return (getWidth() - 2 * PAD) / Math.max(1, vm.frameCountProperty().get());
    }

    private void key(KeyEvent e) {
        int cur = vm.currentFrameProperty().get();
        int step = e.isShiftDown() ? (int) Math.round(vm.fpsProperty().get()) : 1;
        switch (e.getCode()) {
            case LEFT -> vm.seek(cur - step);
            case RIGHT -> vm.seek(cur + step);
            case HOME -> vm.seek(0);
            case END -> vm.seek(vm.frameCountProperty().get() - 1);
            case I -> vm.setRange(cur, Math.max(cur + 1, vm.rangeEndProperty().get()));
            case O -> vm.setRange(Math.min(vm.rangeStartProperty().get(), cur), cur + 1);
            default -> { return; }
        }
        e.consume();
    }

    @Override protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            draw();
        }
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        g.clearRect(0, 0, w, canvas.getHeight());
        if (w <= 2 * PAD) {
            return;
        }
        g.setFill(TRACK);
        g.fillRoundRect(PAD, TRACK_Y, w - 2 * PAD, TRACK_H, 6, 6);
        if (!vm.loadedProperty().get()) {
            return;
        }
        int n = vm.frameCountProperty().get();
        double inX = xOf(vm.rangeStartProperty().get()), outX = xOf(vm.rangeEndProperty().get());
        g.setFill(RANGE);
        g.fillRect(inX, TRACK_Y, outX - inX, TRACK_H);
        g.setFill(HANDLE);
        g.fillRect(inX - 2, TRACK_Y - 3, 4, TRACK_H + 6);
        g.fillRect(outX - 2, TRACK_Y - 3, 4, TRACK_H + 6);
        // confidence strip: one cell per frame (merged when frames are narrower than a pixel)
        for (int f = 0; f < n; f++) {
            FrameStatus s = vm.statusOf(f);
            g.setFill(s == FrameStatus.USABLE ? USABLE : s == FrameStatus.FLAGGED ? FLAGGED : NOT_TRACKED);
            double x0 = xOf(f), x1 = xOf(f + 1);
            g.fillRect(Math.floor(x0), STRIP_Y, Math.max(1, Math.ceil(x1) - Math.floor(x0)), STRIP_H);
        }
        double px = xOf(vm.currentFrameProperty().get() + 0.5);
        g.setFill(PLAYHEAD);
        g.fillRect(px - 1, TRACK_Y - 4, 2, STRIP_Y + STRIP_H - TRACK_Y + 6);
    }

    Canvas canvas() { return canvas; }
}
