package io.adamesh.ui.audio;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Horizontal input meter from -60 to 0 dBFS: an RMS bar (green, amber above -18, red above -6) and a
 * peak tick that falls back slowly. The owner sets {@link #rmsDbProperty()} and {@link #peakDbProperty()}
 * each pulse, e.g. from {@code MicrophoneCapture.levelRmsDbfs()}.
 */
public final class LevelMeter extends Region {
    private static final double FLOOR = -60;
    private final Canvas canvas = new Canvas();
    private final DoubleProperty rmsDb = new SimpleDoubleProperty(FLOOR);
    private final DoubleProperty peakDb = new SimpleDoubleProperty(FLOOR);
    private double heldPeak = FLOOR;

    public LevelMeter() {
        getChildren().add(canvas);
        setPrefSize(200, 14);
        setMinSize(40, 6);
        rmsDb.addListener((o, a, b) -> draw());
        peakDb.addListener((o, a, b) -> {
            heldPeak = Math.max(b.doubleValue(), heldPeak - 0.5);
            draw();
        });
    }

    public DoubleProperty rmsDbProperty() {
        return rmsDb;
    }

    public DoubleProperty peakDbProperty() {
        return peakDb;
    }

    /** Fraction of the width for a level in dBFS. */
    static double fraction(double db) {
        return Math.max(0, Math.min(1, (db - FLOOR) / -FLOOR));
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(snapSizeX(getWidth()));
        canvas.setHeight(snapSizeY(getHeight()));
        draw();
    }

    private void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.web("#1e2126"));
        g.fillRect(0, 0, w, h);
        double level = rmsDb.get();
        g.setFill(level > -6 ? Color.web("#e8503a") : level > -18 ? Color.web("#e8b83a") : Color.web("#4cc26a"));
        g.fillRect(0, 0, w * fraction(level), h);
        g.setFill(Color.WHITE);
        g.fillRect(Math.min(w - 2, w * fraction(heldPeak)), 0, 2, h);
    }
}
