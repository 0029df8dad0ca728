package io.adamesh.ui.timeline;

import io.adamesh.timeline.draw.DrawSurface;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/** {@link DrawSurface} on a JavaFX canvas; colours and fonts are cached, nothing is allocated per call. */
final class FxSurface implements DrawSurface {
    private final Map<Integer, Color> colors = new HashMap<>();
    private final Map<Double, Font> fonts = new HashMap<>();
    private GraphicsContext g;
    private int fill = 0, stroke = 0;
    private double lineWidth = -1, fontSize = -1;

    void begin(GraphicsContext gc) {
        this.g = gc;
        fill = stroke = 0;
        lineWidth = fontSize = -1;
    }

    private Color color(int argb) {
        return colors.computeIfAbsent(argb, c -> Color.rgb((c >> 16) & 255, (c >> 8) & 255, c & 255, ((c >>> 24) & 255) / 255.0));
    }

    private void fill(int argb) {
        if (argb != fill) {
            g.setFill(color(argb));
            fill = argb;
        }
    }

    private void stroke(int argb, double width) {
        if (argb != stroke) {
            g.setStroke(color(argb));
            stroke = argb;
        }
        if (width != lineWidth) {
            g.setLineWidth(width);
            lineWidth = width;
        }
    }

    private final Map<int[], javafx.scene.image.WritableImage> images = new java.util.IdentityHashMap<>();

    @Override
    public void image(int[] argb, int w, int h, double x, double y, double dw, double dh) {
        javafx.scene.image.WritableImage img = images.computeIfAbsent(argb, px -> {
            javafx.scene.image.WritableImage i = new javafx.scene.image.WritableImage(w, h);
            i.getPixelWriter().setPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), px, 0, w);
            return i;
        });
        g.drawImage(img, x, y, dw, dh);
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int argb) {
        fill(argb);
        g.fillRect(x, y, w, h);
    }

    @Override
    public void strokeLine(double x1, double y1, double x2, double y2, int argb, double width) {
        stroke(argb, width);
        g.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, int argb, double width) {
        stroke(argb, width);
        g.strokePolyline(xs, ys, n);
    }

    @Override
    public void text(String s, double x, double baselineY, int argb, double size) {
        if (size != fontSize) {
            g.setFont(fonts.computeIfAbsent(size, Font::font));
            fontSize = size;
        }
        fill(argb);
        g.fillText(s, x, baselineY);
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.clip();
        // save/restore resets these
        fill = stroke = 0;
        lineWidth = fontSize = -1;
    }

    @Override
    public void popClip() {
        g.restore();
        fill = stroke = 0;
        lineWidth = fontSize = -1;
    }
}
