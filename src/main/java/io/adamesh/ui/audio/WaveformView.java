package io.adamesh.ui.audio;

import io.adamesh.audio.WaveformPeaks;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The track's waveform as min/max per pixel column over the view model's visible range, with the
 * playhead. Click to scrub, scroll to zoom. Redraws when size, range or position change; the column
 * buffers are reused.
 */
public final class WaveformView extends Region {
    private static final Color BACKGROUND = Color.web("#1e2126");
    private static final Color WAVE = Color.web("#5fb3e8");
    private static final Color PLAYHEAD = Color.web("#ff8a3d");
    private static final Color AXIS = Color.web("#3a3f47");

    private final Canvas canvas = new Canvas();
    private final AudioTrackViewModel model;
    private float[] colMin = new float[0];
    private float[] colMax = new float[0];

    public WaveformView(AudioTrackViewModel model) {
        this.model = model;
        getChildren().add(canvas);
        setMinSize(100, 40);
        setPrefSize(600, 120);
        model.positionProperty().addListener((o, a, b) -> draw());
        model.viewStartProperty().addListener((o, a, b) -> draw());
        model.viewEndProperty().addListener((o, a, b) -> draw());
        canvas.setOnMouseClicked(e -> model.seek(timeAt(e.getX())));
        canvas.setOnMouseDragged(e -> model.seek(timeAt(e.getX())));
        canvas.setOnScroll(e -> model.zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, timeAt(e.getX())));
    }

    private double timeAt(double x) {
        double s = model.viewStartProperty().get();
        double e = model.viewEndProperty().get();
        return s + (e - s) * Math.max(0, Math.min(1, x / Math.max(1, canvas.getWidth())));
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    /** Redraws now (the view also redraws itself on every change). */
    public void draw() {
        int w = (int) canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, canvas.getWidth(), h);
        if (w <= 0 || h <= 0) {
            return;
        }
        if (colMin.length < w) {
            colMin = new float[w];
            colMax = new float[w];
        }
        double start = model.viewStartProperty().get();
        double end = model.viewEndProperty().get();
        WaveformPeaks peaks = model.peaks();
        peaks.columns(Math.round(start * 16_000), Math.round(end * 16_000), w, colMin, colMax);
        double mid = h / 2;
        g.setStroke(AXIS);
        g.setLineWidth(1);
        g.strokeLine(0, mid + 0.5, w, mid + 0.5);
        g.setFill(WAVE);
        for (int x = 0; x < w; x++) {
            double top = mid - Math.max(-1, Math.min(1, colMax[x])) * (mid - 1);
            double bottom = mid - Math.max(-1, Math.min(1, colMin[x])) * (mid - 1);
            g.fillRect(x, top, 1, Math.max(1, bottom - top));
        }
        double p = model.positionProperty().get();
        if (p >= start && p <= end && end > start) {
            double x = Math.floor((p - start) / (end - start) * w) + 0.5;
            g.setStroke(PLAYHEAD);
            g.setLineWidth(1.5);
            g.strokeLine(x, 0, x, h);
        }
    }
}
