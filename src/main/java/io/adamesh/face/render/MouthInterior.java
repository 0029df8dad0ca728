package io.adamesh.face.render;

import io.adamesh.face.FaceModel;
import java.util.Arrays;

/**
 * How much light reaches the inside of the mouth. The cavity, tongue and teeth only see the world
 * through the opening between the lips, so a real open mouth reads dark, with the front teeth and
 * the tip of the tongue lit and the back in shadow; a renderer without shadows lights them like the
 * skin and draws a bright pink mouth. Per posed frame, the opening is the polygon of the 8 inner-lip
 * landmarks (60-67), its outward normal the head's forward direction (eye line × nose bridge to
 * chin). For each vertex of the model's interior parts ({@value #PARTS}):
 * <ul>
 *   <li>ambient visibility: the solid angle of the opening seen from the vertex over the hemisphere's
 *       2π (1 on the opening, falling with depth; 0 with the lips closed), exact for the polygon
 *       (Van Oosterom and Strackee's triangle formula over a fan of the 8 points);</li>
 *   <li>direct visibility of each directional light: 1 if the ray towards the light leaves through
 *       the opening, else 0 (parallel light, the lips' own thickness ignored).</li>
 * </ul>
 * Vertices in front of the opening plane are fully lit. A model without those parts or without 68
 * landmarks has no interior and renders as before.
 */
final class MouthInterior {
    static final String PARTS = "teeth, mouth, tongue";
    private static final int[] OPENING = {60, 61, 62, 63, 64, 65, 66, 67};

    private final FaceModel model;
    private final int[] vertices;
    private final int[] slot;
    private final double[] ambient;
    private double[][] direct = new double[0][];

    MouthInterior(FaceModel model) {
        this.model = model;
        int[] parts = model.faceParts();
        int[] faces = model.faces();
        boolean[] interiorPart = new boolean[model.partNames().size()];
        for (int p = 0; p < interiorPart.length; p++) {
            String name = model.partNames().get(p);
            interiorPart[p] = name.equals("teeth") || name.equals("mouth") || name.equals("tongue");
        }
        slot = new int[model.vertexCount()];
        Arrays.fill(slot, -1);
        int n = 0;
        int[] list = new int[model.vertexCount()];
        if (model.landmarkCount() >= 68) {
            for (int t = 0; t < parts.length; t++) {
                if (!interiorPart[parts[t]]) continue;
                for (int c = 0; c < 3; c++) {
                    int v = faces[t * 3 + c];
                    if (slot[v] < 0) {
                        slot[v] = n;
                        list[n++] = v;
                    }
                }
            }
        }
        vertices = Arrays.copyOf(list, n);
        ambient = new double[n];
    }

    FaceModel model() { return model; }

    /** The vertex's index into {@link #ambient(int)} / {@link #direct(int, int)}, or -1 outside the mouth. */
    int slot(int vertex) { return slot[vertex]; }

    int size() { return vertices.length; }

    double ambient(int slot) { return ambient[slot]; }

    double direct(int slot, int light) { return direct[light][slot]; }

    /**
     * Updates the visibilities for posed {@code verts} (world space) and lights given as directions
     * towards the light in world space (need not be unit length).
     */
    void update(float[] verts, double[][] lightsToward) {
        if (direct.length != lightsToward.length) direct = new double[lightsToward.length][vertices.length];
        if (vertices.length == 0) return;
        double[][] poly = new double[OPENING.length][];
        double[] c = new double[3];
        for (int i = 0; i < OPENING.length; i++) {
            poly[i] = landmark(verts, OPENING[i]);
            for (int d = 0; d < 3; d++) c[d] += poly[i][d] / OPENING.length;
        }
        double[] across = sub(landmark(verts, 45), landmark(verts, 36));
        double[] up = sub(landmark(verts, 27), landmark(verts, 8));
        double[] n = unit(cross(across, up));
        // Outwards: away from the interior's centroid.
        double[] inside = new double[3];
        for (int v : vertices) for (int d = 0; d < 3; d++) inside[d] += verts[v * 3 + d] / vertices.length;
        if (dot(n, sub(c, inside)) < 0) for (int d = 0; d < 3; d++) n[d] = -n[d];
        double[] u = unit(sub(poly[4], poly[0]));
        double along = dot(u, n);
        for (int d = 0; d < 3; d++) u[d] -= along * n[d];
        u = unit(u);
        double[] w = cross(n, u);
        double[][] flat = new double[poly.length][];
        for (int i = 0; i < poly.length; i++) {
            double[] r = sub(poly[i], c);
            flat[i] = new double[] {dot(r, u), dot(r, w)};
        }
        double[][] toward = new double[lightsToward.length][];
        for (int k = 0; k < toward.length; k++) toward[k] = unit(lightsToward[k]);
        for (int s = 0; s < vertices.length; s++) {
            int v = vertices[s];
            double[] p = {verts[v * 3], verts[v * 3 + 1], verts[v * 3 + 2]};
            double depth = -dot(sub(p, c), n);
            if (depth <= 0) {
                ambient[s] = 1;
                for (int k = 0; k < toward.length; k++) direct[k][s] = 1;
                continue;
            }
            ambient[s] = Math.min(1, openingSolidAngle(p, poly, c) / (2 * Math.PI));
            for (int k = 0; k < toward.length; k++) {
                double ln = dot(toward[k], n);
                if (ln <= 1e-6) {
                    direct[k][s] = 0;
                    continue;
                }
                double t = depth / ln;
                double[] q = {p[0] + t * toward[k][0] - c[0], p[1] + t * toward[k][1] - c[1], p[2] + t * toward[k][2] - c[2]};
                direct[k][s] = inside(dot(q, u), dot(q, w), flat) ? 1 : 0;
            }
        }
    }

    /** Solid angle (steradians) of the polygon {@code poly}, fanned from {@code c}, seen from {@code p}. */
    static double openingSolidAngle(double[] p, double[][] poly, double[] c) {
        double total = 0;
        double[] a = sub(c, p);
        for (int i = 0; i < poly.length; i++) {
            total += triangleSolidAngle(a, sub(poly[i], p), sub(poly[(i + 1) % poly.length], p));
        }
        return Math.abs(total);
    }

    /** Van Oosterom and Strackee (1983): signed solid angle of the triangle with corners a, b, c seen from the origin. */
    static double triangleSolidAngle(double[] a, double[] b, double[] c) {
        double la = norm(a), lb = norm(b), lc = norm(c);
        double num = dot(a, cross(b, c));
        double den = la * lb * lc + dot(a, b) * lc + dot(a, c) * lb + dot(b, c) * la;
        return 2 * Math.atan2(num, den);
    }

    private static boolean inside(double x, double y, double[][] poly) {
        boolean in = false;
        for (int i = 0, j = poly.length - 1; i < poly.length; j = i++) {
            double xi = poly[i][0], yi = poly[i][1], xj = poly[j][0], yj = poly[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
        }
        return in;
    }

    private double[] landmark(float[] verts, int l) {
        int t = model.landmarkFaces()[l] * 3;
        float[] bc = model.landmarkBary();
        int[] f = model.faces();
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            int v = f[t + k] * 3;
            for (int d = 0; d < 3; d++) out[d] += bc[l * 3 + k] * verts[v + d];
        }
        return out;
    }

    private static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

    private static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] unit(double[] a) {
        double l = norm(a);
        return l == 0 ? a : new double[] {a[0] / l, a[1] / l, a[2] / l};
    }
}
