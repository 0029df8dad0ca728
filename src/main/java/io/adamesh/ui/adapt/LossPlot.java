package io.adamesh.ui.adapt;

import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The live loss plot of an adaptation run: training loss per step (a line) and held-out loss where it
 * was evaluated (dots joined by a line), with the best held-out step marked. A resizable Canvas that
 * redraws when its points change; the axis ranges come from {@link PlotScale}. Drawing a few thousand
 * points is a single path per series, so it keeps up with every step.
 */
public final class LossPlot extends Region {
    static final Color TRAIN = Color.web("#5aa9e6");
    static final Color HELD_OUT = Color.web("#f2a541");
    private static final Color GRID = Color.web("#3a3f47");
    private static final Color AXIS_TEXT = Color.web("#aab2bf");
    private static final double LEFT = 58, RIGHT = 12, TOP = 24, BOTTOM = 30;

    private final Canvas canvas = new Canvas();
    private final ObservableList<LossPoint> points;
    private int bestStep = -1;
    private boolean redrawQueued;

    public LossPlot(ObservableList<LossPoint> points) {
        this.points = points;
        getChildren().add(canvas);
        setMinSize(240, 160);
        setPrefSize(560, 260);
        setStyle("-fx-background-color: #24272d;");
        points.addListener((ListChangeListener<LossPoint>) c -> redraw());
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
    }

    /** Marks the step whose held-out loss was lowest (the weights the profile keeps); -1 for none. */
    public void setBestStep(int step) {
        bestStep = step;
        redraw();
    }

    @Override protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void redraw() {
        if (redrawQueued) return;
        redrawQueued = true;
        requestLayout();
    }

    private void draw() {
        redrawQueued = false;
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.web("#24272d"));
        g.fillRect(0, 0, w, h);
        if (w < LEFT + RIGHT + 10 || h < TOP + BOTTOM + 10) return;
        List<LossPoint> pts = List.copyOf(points);
        PlotScale s = PlotScale.of(pts, LEFT, TOP, w - LEFT - RIGHT, h - TOP - BOTTOM);
        g.setFont(Font.font(11));
        g.setLineWidth(1);
        // grid and axis labels
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double v : s.yTicks()) {
            double y = s.y(v);
            g.setStroke(GRID);
            g.strokeLine(LEFT, y, w - RIGHT, y);
            g.setFill(AXIS_TEXT);
            g.fillText(PlotScale.label(v), LEFT - 6, y);
        }
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (double v : s.xTicks()) {
            double x = s.x(v);
            g.setStroke(GRID);
            g.strokeLine(x, TOP, x, h - BOTTOM);
            g.setFill(AXIS_TEXT);
            g.fillText(String.format(Locale.ROOT, "%d", Math.round(v)), x, h - BOTTOM + 4);
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("step", w - RIGHT, h - 14);
        // legend
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        legend(g, LEFT + 4, 11, TRAIN, "training loss");
        legend(g, LEFT + 118, 11, HELD_OUT, "held-out loss");
        if (s.log()) {
            g.setFill(AXIS_TEXT);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText("loss (log scale)", w - RIGHT, 11);
            g.setTextAlign(TextAlignment.LEFT);
        }
        if (pts.isEmpty()) {
            g.setFill(AXIS_TEXT);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("The loss appears here once adaptation starts.", LEFT + (w - LEFT - RIGHT) / 2, TOP + (h - TOP - BOTTOM) / 2);
            return;
        }
        // best step
        if (bestStep >= 0 && bestStep >= s.xMin() && bestStep <= s.xMax()) {
            double x = s.x(bestStep);
            g.setStroke(Color.web("#7ee787"));
            g.setLineDashes(4, 4);
            g.strokeLine(x, TOP, x, h - BOTTOM);
            g.setLineDashes();
            g.setFill(Color.web("#7ee787"));
            g.setTextAlign(x > w - 120 ? TextAlignment.RIGHT : TextAlignment.LEFT);
            g.fillText(" best step " + bestStep + " ", x, TOP + 8);
        }
        // training loss: one path
        g.setStroke(TRAIN);
        g.setLineWidth(1.5);
        g.beginPath();
        boolean first = true;
        for (LossPoint p : pts) {
            if (!Double.isFinite(p.train())) continue;
            double x = s.x(p.step()), y = s.y(p.train());
            if (first) g.moveTo(x, y); else g.lineTo(x, y);
            first = false;
        }
        g.stroke();
        // held-out loss: line and dots
        g.setStroke(HELD_OUT);
        g.setFill(HELD_OUT);
        g.setLineWidth(2);
        g.beginPath();
        first = true;
        for (LossPoint p : pts) {
            if (!Double.isFinite(p.heldOut())) continue;
            double x = s.x(p.step()), y = s.y(p.heldOut());
            if (first) g.moveTo(x, y); else g.lineTo(x, y);
            first = false;
        }
        g.stroke();
        for (LossPoint p : pts) {
            if (!Double.isFinite(p.heldOut())) continue;
            g.fillOval(s.x(p.step()) - 2.5, s.y(p.heldOut()) - 2.5, 5, 5);
        }
    }

    private static void legend(GraphicsContext g, double x, double y, Color c, String text) {
        g.setStroke(c);
        g.setLineWidth(2.5);
        g.strokeLine(x, y, x + 16, y);
        g.setFill(AXIS_TEXT);
        g.fillText(text, x + 21, y);
        g.setLineWidth(1);
    }

    /** The canvas the plot draws on (tests read its pixels). */
    Canvas canvas() { return canvas; }
}
