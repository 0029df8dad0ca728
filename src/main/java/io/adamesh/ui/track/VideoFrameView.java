package io.adamesh.ui.track;

import io.adamesh.track.VideoReader.VideoFrame;
import io.adamesh.ui.track.ReferenceVideoViewModel.Box;
import io.adamesh.ui.track.ReferenceVideoViewModel.FrameStatus;
import io.adamesh.ui.track.ReferenceVideoViewModel.FrameView;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * One video frame, scaled to fit and centred, with the tracked face box and 68 landmarks drawn on
 * a canvas exactly over the picture. Landmark colour says how the frame fared: green usable, red
 * flagged (residual too large; the clip interpolates it).
 */
public final class VideoFrameView extends Region {
    static final Color USABLE = Color.rgb(80, 230, 120);
    static final Color FLAGGED = Color.rgb(255, 80, 80);
    static final Color BOX = Color.rgb(255, 210, 60);

    private final ImageView image = new ImageView();
    private final Canvas overlay = new Canvas();
    private WritableImage buffer;
    private FrameView view;
    private double[] drawnPoints = new double[0];
    private Rectangle2D picture = Rectangle2D.EMPTY;

    public VideoFrameView() {
        getStyleClass().add("reference-video");
        image.setSmooth(true);
        overlay.setMouseTransparent(true);
        getChildren().addAll(image, overlay);
        setMinSize(160, 120);
        setPrefSize(640, 400);
    }

    public void show(FrameView v) {
        this.view = v;
        if (v == null) {
            image.setImage(null);
        } else {
            VideoFrame f = v.frame();
            if (buffer == null || (int) buffer.getWidth() != f.width() || (int) buffer.getHeight() != f.height()) {
                buffer = new WritableImage(f.width(), f.height());
            }
            buffer.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getByteRgbInstance(),
                    f.rgb(), 0, f.width() * 3);
            image.setImage(buffer);
        }
        requestLayout();
        redraw();
    }

    @Override protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        if (view == null) {
            picture = Rectangle2D.EMPTY;
        } else {
            double iw = view.frame().width(), ih = view.frame().height();
            double s = Math.min(w / iw, h / ih);
            picture = new Rectangle2D((w - iw * s) / 2, (h - ih * s) / 2, iw * s, ih * s);
        }
        image.setFitWidth(picture.getWidth());
        image.setFitHeight(picture.getHeight());
        image.relocate(picture.getMinX(), picture.getMinY());
        overlay.relocate(picture.getMinX(), picture.getMinY());
        if (overlay.getWidth() != picture.getWidth() || overlay.getHeight() != picture.getHeight()) {
            overlay.setWidth(picture.getWidth());
            overlay.setHeight(picture.getHeight());
            redraw();
        }
    }

    private void redraw() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        drawnPoints = new double[0];
        if (view == null || view.landmarks() == null || picture.getWidth() <= 0) {
            return;
        }
        double s = picture.getWidth() / view.frame().width();
        Box b = view.faceBox();
        if (b != null) {
            g.setStroke(BOX);
            g.setLineWidth(2);               // on whole pixels: a crisp outline at any scale, not a blur
            double l = Math.round(b.left() * s), t = Math.round(b.top() * s);
            g.strokeRect(l, t, Math.round(b.right() * s) - l, Math.round(b.bottom() * s) - t);
        }
        float[] p = view.landmarks();
        int n = p.length / 2;
        drawnPoints = new double[2 * n];
        g.setFill(view.status() == FrameStatus.FLAGGED ? FLAGGED : USABLE);
        double r = Math.max(1.5, Math.min(3.5, (b == null ? 100 : (b.right() - b.left()) * s) / 70));
        for (int i = 0; i < n; i++) {
            double x = p[2 * i] * s, y = p[2 * i + 1] * s;
            drawnPoints[2 * i] = x;
            drawnPoints[2 * i + 1] = y;
            g.fillOval(x - r, y - r, 2 * r, 2 * r);
        }
    }

    /** The landmarks last drawn, in overlay pixels (x, y pairs); empty when none. */
    public double[] drawnPoints() { return drawnPoints.clone(); }

    /** Where the picture sits inside this view. */
    public Rectangle2D pictureBounds() { return picture; }

    public Canvas overlay() { return overlay; }
    public ImageView imageView() { return image; }
    public FrameView frameView() { return view; }
}
