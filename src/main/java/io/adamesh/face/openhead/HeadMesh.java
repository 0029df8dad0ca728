package io.adamesh.face.openhead;

import java.util.ArrayList;
import java.util.List;

/** Growable vertex/face store with per-vertex metadata, used while the head is being built. */
final class HeadMesh {
    static final int SKIN = 0, EYE_LEFT = 1, EYE_RIGHT = 2, TEETH = 3, MOUTH = 4, TONGUE = 5;
    static final List<String> PART_NAMES = List.of("skin", "eye_left", "eye_right", "teeth", "mouth", "tongue");

    /** Where a skin vertex sits relative to the mouth line: above, below or neither. */
    static final int SIDE_NONE = 0, SIDE_UPPER = 1, SIDE_LOWER = -1;
    /** Eyelid roles of skin vertices near an eye. */
    static final int LID_NONE = 0, LID_UPPER_ZONE = 1, LID_UPPER_MARGIN = 2, LID_INTERIOR = 3, LID_LOWER_MARGIN = 4, LID_LOWER_ZONE = 5;

    static final class Vertex {
        Vec p;
        final int part;
        Vec color = new Vec(0.8, 0.6, 0.5);
        double u, v;
        int side = SIDE_NONE;
        int eye = -1;          // 0 left, 1 right
        int lid = LID_NONE;
        double lidA, lidB, lidBlend, lidRadius;
        Vec skin;              // ray-cast skin position before the eyelid was wrapped on the eye
        boolean lowerTeeth;
        int row = -1, col = -1;

        Vertex(Vec p, int part) {
            this.p = p;
            this.part = part;
        }
    }

    final List<Vertex> vertices = new ArrayList<>();
    final List<int[]> faces = new ArrayList<>();
    final List<Integer> faceParts = new ArrayList<>();
    /** Per-face UV indices (into {@link #uvs}); most faces reuse their vertices' own UVs. */
    final List<int[]> uvFaces = new ArrayList<>();
    final List<double[]> uvs = new ArrayList<>();
    /** Each vertex's own UV index (seam UVs are appended to {@link #uvs}, so indices differ). */
    private final List<Integer> vertexUv = new ArrayList<>();

    int add(Vertex v) {
        vertices.add(v);
        uvs.add(new double[] {v.u, v.v});
        vertexUv.add(uvs.size() - 1);
        return vertices.size() - 1;
    }

    /** The UV index a vertex uses away from seams. */
    int uvOf(int vertex) { return vertexUv.get(vertex); }

    void tri(int part, int a, int b, int c) {
        faces.add(new int[] {a, b, c});
        faceParts.add(part);
        uvFaces.add(new int[] {uvOf(a), uvOf(b), uvOf(c)});
    }

    /** A triangle whose corners use explicit UV indices (seams). */
    void tri(int part, int a, int b, int c, int ua, int ub, int uc) {
        faces.add(new int[] {a, b, c});
        faceParts.add(part);
        uvFaces.add(new int[] {ua, ub, uc});
    }

    int addUv(double u, double v) {
        uvs.add(new double[] {u, v});
        return uvs.size() - 1;
    }

    Vertex get(int i) { return vertices.get(i); }

    int size() { return vertices.size(); }
}
