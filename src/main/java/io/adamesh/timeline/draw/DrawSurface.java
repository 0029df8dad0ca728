package io.adamesh.timeline.draw;

/**
 * What the timeline painter draws on: the JavaFX canvas in the studio, a Java2D image or a counting
 * surface in the bench. Colours are ARGB ints; coordinates are pixels, y down.
 */
public interface DrawSurface {
    void fillRect(double x, double y, double w, double h, int argb);

    void strokeLine(double x1, double y1, double x2, double y2, int argb, double width);

    /** An open polyline through {@code n} points of the (reused) arrays. */
    void polyline(double[] xs, double[] ys, int n, int argb, double width);

    void text(String s, double x, double baselineY, int argb, double size);

    /** Restricts drawing to a rectangle until {@link #popClip()}. */
    void pushClip(double x, double y, double w, double h);

    /** Draws ARGB pixels ({@code w} x {@code h}) scaled into the box; surfaces without images ignore it. */
    default void image(int[] argb, int w, int h, double x, double y, double dw, double dh) {}

    void popClip();
}
