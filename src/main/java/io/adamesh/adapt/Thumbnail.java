package io.adamesh.adapt;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A square PNG of the face: the landmarks' bounding box grown by 60 %, clamped to the frame, scaled to {@value #SIZE} px. */
public final class Thumbnail {
    public static final int SIZE = 160;

    private Thumbnail() {}

    /** @param landmarks 68 x/y pixel pairs, or null for a centred crop */
    public static byte[] png(BufferedImage frame, float[] landmarks) {
        int w = frame.getWidth(), h = frame.getHeight();
        double cx = w / 2.0, cy = h / 2.0, side = Math.min(w, h);
        if (landmarks != null && landmarks.length >= 4) {
            double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
            for (int i = 0; i + 1 < landmarks.length; i += 2) {
                x0 = Math.min(x0, landmarks[i]);
                x1 = Math.max(x1, landmarks[i]);
                y0 = Math.min(y0, landmarks[i + 1]);
                y1 = Math.max(y1, landmarks[i + 1]);
            }
            cx = (x0 + x1) / 2;
            cy = (y0 + y1) / 2 - 0.1 * (y1 - y0);    // landmarks start at the brows: shift up for the forehead
            side = Math.min(Math.min(w, h), 1.6 * Math.max(x1 - x0, y1 - y0));
        }
        int s = Math.max(1, (int) Math.round(side));
        int x = (int) Math.round(Math.max(0, Math.min(w - s, cx - s / 2.0)));
        int y = (int) Math.round(Math.max(0, Math.min(h - s, cy - s / 2.0)));
        BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(frame, 0, 0, SIZE, SIZE, x, y, x + s, y + s, null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
