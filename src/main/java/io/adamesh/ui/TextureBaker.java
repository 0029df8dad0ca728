package io.adamesh.ui;

import io.adamesh.face.FaceModel;

/**
 * Bakes per-vertex colours into a square ARGB texture by rasterising every triangle in UV space
 * (barycentric interpolation of its corners' colours), then dilating the covered area a few pixels
 * so that filtering at UV seams does not pull in the empty background. Vertex colours are sRGB already
 * (see {@link FaceModel#colors()}); they are only quantised to 8 bits.
 *
 * <p>Texture row 0 is v = 1 (the top of the image), matching {@link #texV(float)}.
 */
public final class TextureBaker {
    private TextureBaker() {}

    /** The texture-space v (0 at the image top) for a model v (0 at the bottom). */
    public static float texV(float v) { return 1f - v; }

    public static int[] bake(FaceModel m, int size, int dilatePixels) {
        int[] argb = new int[size * size];
        boolean[] covered = new boolean[size * size];
        float[] uv = m.uvs();
        int[] ft = m.uvFaces();
        int[] f = m.faces();
        float[] col = m.colors();
        for (int t = 0; t < f.length; t += 3) {
            float x0 = uv[ft[t] * 2] * size - 0.5f, y0 = texV(uv[ft[t] * 2 + 1]) * size - 0.5f;
            float x1 = uv[ft[t + 1] * 2] * size - 0.5f, y1 = texV(uv[ft[t + 1] * 2 + 1]) * size - 0.5f;
            float x2 = uv[ft[t + 2] * 2] * size - 0.5f, y2 = texV(uv[ft[t + 2] * 2 + 1]) * size - 0.5f;
            float area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
            int a = f[t] * 3, b = f[t + 1] * 3, c = f[t + 2] * 3;
            if (Math.abs(area) < 1e-9f) {
                // Degenerate in UV: still paint its pixel so the region is not empty.
                plot(argb, covered, size, Math.round(x0), Math.round(y0), col[a], col[a + 1], col[a + 2]);
                continue;
            }
            int minX = Math.max(0, (int) Math.floor(Math.min(x0, Math.min(x1, x2))));
            int maxX = Math.min(size - 1, (int) Math.ceil(Math.max(x0, Math.max(x1, x2))));
            int minY = Math.max(0, (int) Math.floor(Math.min(y0, Math.min(y1, y2))));
            int maxY = Math.min(size - 1, (int) Math.ceil(Math.max(y0, Math.max(y1, y2))));
            float inv = 1f / area;
            float eps = -1e-4f;
            for (int py = minY; py <= maxY; py++) {
                for (int px = minX; px <= maxX; px++) {
                    float w0 = ((x1 - px) * (y2 - py) - (x2 - px) * (y1 - py)) * inv;
                    float w1 = ((x2 - px) * (y0 - py) - (x0 - px) * (y2 - py)) * inv;
                    float w2 = 1f - w0 - w1;
                    if (w0 < eps || w1 < eps || w2 < eps) continue;
                    plot(argb, covered, size, px, py,
                            w0 * col[a] + w1 * col[b] + w2 * col[c],
                            w0 * col[a + 1] + w1 * col[b + 1] + w2 * col[c + 1],
                            w0 * col[a + 2] + w1 * col[b + 2] + w2 * col[c + 2]);
                }
            }
            // Thin slivers may cover no pixel centre: make sure each corner lands somewhere.
            plotIfEmpty(argb, covered, size, Math.round(x0), Math.round(y0), col[a], col[a + 1], col[a + 2]);
            plotIfEmpty(argb, covered, size, Math.round(x1), Math.round(y1), col[b], col[b + 1], col[b + 2]);
            plotIfEmpty(argb, covered, size, Math.round(x2), Math.round(y2), col[c], col[c + 1], col[c + 2]);
        }
        dilate(argb, covered, size, dilatePixels);
        return argb;
    }

    private static void plotIfEmpty(int[] argb, boolean[] covered, int size, int x, int y, float r, float g, float b) {
        if (x >= 0 && y >= 0 && x < size && y < size && !covered[y * size + x]) plot(argb, covered, size, x, y, r, g, b);
    }

    private static void plot(int[] argb, boolean[] covered, int size, int x, int y, float r, float g, float b) {
        if (x < 0 || y < 0 || x >= size || y >= size) return;
        argb[y * size + x] = 0xFF000000 | (srgb(r) << 16) | (srgb(g) << 8) | srgb(b);
        covered[y * size + x] = true;
    }

    /** An sRGB 0..1 value as an 8-bit code value (clamped). */
    static int srgb(float value) {
        double c = Math.max(0, Math.min(1, value));
        return (int) Math.round(c * 255);
    }

    /** Grows the covered area by {@code passes} pixels, each new pixel the mean of its covered 8-neighbours. */
    static void dilate(int[] argb, boolean[] covered, int size, int passes) {
        boolean[] next = covered.clone();
        int[] out = argb.clone();
        for (int pass = 0; pass < passes; pass++) {
            boolean grew = false;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    if (covered[i]) continue;
                    int n = 0, r = 0, g = 0, b = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = y + dy;
                        if (yy < 0 || yy >= size) continue;
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx;
                            if (xx < 0 || xx >= size || !covered[yy * size + xx]) continue;
                            int p = argb[yy * size + xx];
                            r += (p >> 16) & 0xFF; g += (p >> 8) & 0xFF; b += p & 0xFF;
                            n++;
                        }
                    }
                    if (n > 0) {
                        out[i] = 0xFF000000 | ((r / n) << 16) | ((g / n) << 8) | (b / n);
                        next[i] = true;
                        grew = true;
                    }
                }
            }
            System.arraycopy(out, 0, argb, 0, argb.length);
            System.arraycopy(next, 0, covered, 0, covered.length);
            if (!grew) break;
        }
    }
}
