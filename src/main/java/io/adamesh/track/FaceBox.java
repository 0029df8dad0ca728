package io.adamesh.track;

/**
 * A face box in pixels with dlib's inclusive corners: {@code right = left + width - 1}.
 */
public record FaceBox(double left, double top, double right, double bottom) {
    public static FaceBox ofSize(double x, double y, double width, double height) {
        return new FaceBox(x, y, x + width - 1, y + height - 1);
    }

    public double width() { return right - left + 1; }
    public double height() { return bottom - top + 1; }
    public double centerX() { return (left + right) / 2; }
    public double centerY() { return (top + bottom) / 2; }
    public double area() { return width() * height(); }

    /** Intersection over union (inclusive-corner areas). */
    public double iou(FaceBox o) {
        double w = Math.min(right, o.right) - Math.max(left, o.left) + 1;
        double h = Math.min(bottom, o.bottom) - Math.max(top, o.top) + 1;
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (area() + o.area() - inter);
    }

    /** The box rounded to integer corners, as dlib's {@code rectangle} holds it. */
    public FaceBox rounded() {
        return new FaceBox(Math.round(left), Math.round(top), Math.round(right), Math.round(bottom));
    }
}
