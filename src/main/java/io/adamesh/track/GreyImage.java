package io.adamesh.track;

import java.awt.image.BufferedImage;

/** An 8-bit grey image, row-major. Conversion from RGB averages the channels, as dlib's does. */
public record GreyImage(byte[] pixels, int width, int height) {
    public GreyImage {
        if (pixels.length < width * height) {
            throw new IllegalArgumentException("pixels " + pixels.length + " < " + width + "x" + height);
        }
    }

    public static GreyImage of(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            int p = rgb[i];
            out[i] = (byte) ((((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff)) / 3);
        }
        return new GreyImage(out, w, h);
    }

    public int at(int x, int y) { return pixels[y * width + x] & 0xff; }
}
