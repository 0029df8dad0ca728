package io.adamesh.face.openhead;

import static io.adamesh.face.openhead.HeadMesh.*;

/**
 * Paints OpenHead's colour texture in UV space: every texel of every triangle is coloured from the
 * rest-pose surface point it maps to (so brows, hairline, lip edges and irises are as sharp as the
 * texture, not as coarse as the mesh). sRGB bytes, row 0 at v = 1. Uncovered texels next to covered
 * ones are filled by a few dilation passes so filtering at UV seams never reaches the background.
 */
final class TexturePainter {
    private final HeadMesh mesh;
    private final OpenHeadGenerator.Eye[] eyes;
    private final int size;

    TexturePainter(HeadMesh mesh, OpenHeadGenerator.Eye[] eyes, int size) {
        this.mesh = mesh;
        this.eyes = eyes;
        this.size = size;
    }

    int size() { return size; }

    byte[] paint() {
        float[] rgb = new float[size * size * 3];
        boolean[] covered = new boolean[size * size];
        for (int f : paintOrder()) {
            int[] vi = mesh.faces.get(f);
            int[] ti = mesh.uvFaces.get(f);
            double[] x = new double[3], y = new double[3];
            for (int c = 0; c < 3; c++) {
                double[] uv = mesh.uvs.get(ti[c]);
                x[c] = uv[0] * size - 0.5;
                y[c] = (1 - uv[1]) * size - 0.5;
            }
            double area = (x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0]);
            if (StrictMath.abs(area) < 1e-12) continue;
            int minX = (int) StrictMath.max(0, StrictMath.floor(StrictMath.min(x[0], StrictMath.min(x[1], x[2]))));
            int maxX = (int) StrictMath.min(size - 1, StrictMath.ceil(StrictMath.max(x[0], StrictMath.max(x[1], x[2]))));
            int minY = (int) StrictMath.max(0, StrictMath.floor(StrictMath.min(y[0], StrictMath.min(y[1], y[2]))));
            int maxY = (int) StrictMath.min(size - 1, StrictMath.ceil(StrictMath.max(y[0], StrictMath.max(y[1], y[2]))));
            Vertex a = mesh.get(vi[0]), b = mesh.get(vi[1]), c = mesh.get(vi[2]);
            for (int py = minY; py <= maxY; py++) {
                for (int px = minX; px <= maxX; px++) {
                    double w0 = ((x[1] - px) * (y[2] - py) - (x[2] - px) * (y[1] - py)) / area;
                    double w1 = ((x[2] - px) * (y[0] - py) - (x[0] - px) * (y[2] - py)) / area;
                    double w2 = 1 - w0 - w1;
                    if (w0 < -1e-6 || w1 < -1e-6 || w2 < -1e-6) continue;
                    Vec col = colour(a, b, c, w0, w1, w2);
                    int i = py * size + px;
                    rgb[i * 3] = (float) col.x();
                    rgb[i * 3 + 1] = (float) col.y();
                    rgb[i * 3 + 2] = (float) col.z();
                    covered[i] = true;
                }
            }
        }
        dilate(rgb, covered, 6);
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            long v = StrictMath.round(StrictMath.max(0, StrictMath.min(1, rgb[i])) * 255);
            out[i] = (byte) v;
        }
        return out;
    }

    /**
     * Faces in painting order: eyeball triangles last and from the back of the eye to the front, so
     * the pole fans at the back of the eyeball (which span its UV disc but are never seen) cannot
     * paint over the iris.
     */
    private java.util.List<Integer> paintOrder() {
        java.util.List<Integer> order = new java.util.ArrayList<>();
        java.util.List<double[]> eyeFaces = new java.util.ArrayList<>();
        for (int f = 0; f < mesh.faces.size(); f++) {
            Vertex a = mesh.get(mesh.faces.get(f)[0]);
            if (a.part != EYE_LEFT && a.part != EYE_RIGHT) {
                order.add(f);
                continue;
            }
            OpenHeadGenerator.Eye eye = eyes[a.part == EYE_LEFT ? 0 : 1];
            double front = -2;
            for (int vi : mesh.faces.get(f)) front = StrictMath.max(front, mesh.get(vi).p.minus(eye.center).unit().dot(eye.forward));
            eyeFaces.add(new double[] {front, f});
        }
        eyeFaces.sort((x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]));
        for (double[] e : eyeFaces) order.add((int) e[1]);
        return order;
    }

    private Vec colour(Vertex a, Vertex b, Vertex c, double w0, double w1, double w2) {
        switch (a.part) {
            case SKIN -> {
                Vec p = a.skin.times(w0).plus(b.skin.times(w1)).plus(c.skin.times(w2));
                Vertex main = w0 >= w1 && w0 >= w2 ? a : w1 >= w2 ? b : c;
                boolean upper = main.side == SIDE_UPPER || (main.side == SIDE_NONE && main.skin.y() >= HeadShape.MOUTH_Y);
                double inner = w0 * flag(a.row == -2) + w1 * flag(b.row == -2) + w2 * flag(c.row == -2);
                double um = w0 * flag(a.lid == LID_UPPER_MARGIN) + w1 * flag(b.lid == LID_UPPER_MARGIN) + w2 * flag(c.lid == LID_UPPER_MARGIN);
                double lm = w0 * flag(a.lid == LID_LOWER_MARGIN) + w1 * flag(b.lid == LID_LOWER_MARGIN) + w2 * flag(c.lid == LID_LOWER_MARGIN);
                double in = w0 * flag(a.lid == LID_INTERIOR) + w1 * flag(b.lid == LID_INTERIOR) + w2 * flag(c.lid == LID_INTERIOR);
                return OpenHeadGenerator.skinColor(p, upper, inner, um, lm, in);
            }
            case EYE_LEFT, EYE_RIGHT -> {
                OpenHeadGenerator.Eye eye = eyes[a.part == EYE_LEFT ? 0 : 1];
                Vec d = a.p.times(w0).plus(b.p.times(w1)).plus(c.p.times(w2)).minus(eye.center).unit();
                double polar = StrictMath.toDegrees(StrictMath.acos(StrictMath.max(-1, StrictMath.min(1, d.dot(eye.forward)))));
                double azimuth = StrictMath.atan2(d.dot(eye.up), d.dot(eye.lateral));
                return OpenHeadGenerator.eyeColor(polar, azimuth);
            }
            case TEETH -> {
                Vec p = a.p.times(w0).plus(b.p.times(w1)).plus(c.p.times(w2));
                double my = p.y() - HeadShape.MOUTH_Y;
                double gum = a.lowerTeeth ? Shaping.step(-0.0085, -0.0100, my) : Shaping.step(0.0060, 0.0075, my);
                double ridge = 0.96 + 0.04 * StrictMath.cos(p.x() * 2 * StrictMath.PI / 0.0042);
                return new Vec(0.94, 0.92, 0.85).times(ridge).lerp(new Vec(0.80, 0.48, 0.48), gum);
            }
            default -> {
                return a.color.times(w0).plus(b.color.times(w1)).plus(c.color.times(w2));
            }
        }
    }

    private static double flag(boolean b) { return b ? 1 : 0; }

    private void dilate(float[] rgb, boolean[] covered, int passes) {
        for (int pass = 0; pass < passes; pass++) {
            boolean[] next = covered.clone();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    if (covered[i]) continue;
                    float r = 0, g = 0, bl = 0;
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx, yy = y + dy;
                            if (xx < 0 || yy < 0 || xx >= size || yy >= size) continue;
                            int j = yy * size + xx;
                            if (!covered[j]) continue;
                            r += rgb[j * 3];
                            g += rgb[j * 3 + 1];
                            bl += rgb[j * 3 + 2];
                            n++;
                        }
                    }
                    if (n > 0) {
                        rgb[i * 3] = r / n;
                        rgb[i * 3 + 1] = g / n;
                        rgb[i * 3 + 2] = bl / n;
                        next[i] = true;
                    }
                }
            }
            System.arraycopy(next, 0, covered, 0, covered.length);
        }
    }
}
