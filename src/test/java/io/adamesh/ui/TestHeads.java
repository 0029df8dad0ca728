package io.adamesh.ui;

import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small stand-in head for UI tests: an egg-shaped UV sphere (y up, face toward +z, metres) with a
 * jaw region, a dark mouth band, two eyeballs on the eye joints, a few ARKit-named expressions,
 * two identity shapes and a 68-point landmark embedding whose 48..67 ring the mouth.
 */
public final class TestHeads {
    static final int LAT = 40, LON = 64;
    static final float RX = 0.075f, RY = 0.105f, RZ = 0.09f;
    static final float EYE_R = 0.012f;
    static final float[][] EYES = {{0.03f, 0.02f, 0.072f}, {-0.03f, 0.02f, 0.072f}};
    static final int EYE_LAT = 12, EYE_LON = 16;

    private TestHeads() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/testhead.npz");
        head().save(out);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    public static FaceModel head() {
        List<float[]> pos = new ArrayList<>();
        List<float[]> uv = new ArrayList<>();
        List<float[]> col = new ArrayList<>();
        List<int[]> tri = new ArrayList<>();
        List<Integer> part = new ArrayList<>();
        // Skin sphere, u around, v from top (1) to bottom (0.25).
        for (int i = 0; i <= LAT; i++) {
            double th = Math.PI * i / LAT;
            for (int j = 0; j <= LON; j++) {
                double ph = 2 * Math.PI * j / LON + Math.PI; // UV seam at the back
                float x = (float) (RX * Math.sin(th) * Math.sin(ph));
                float y = (float) (RY * Math.cos(th));
                float z = (float) (RZ * Math.sin(th) * Math.cos(ph));
                pos.add(new float[] {x, y, z});
                uv.add(new float[] {(float) j / LON, 1f - 0.75f * i / LAT});
                boolean lip = inMouth(x, y, z, 0.006f);
                col.add(lip ? new float[] {0.45f, 0.12f, 0.11f} : new float[] {0.60f, 0.34f, 0.25f});
            }
        }
        for (int i = 0; i < LAT; i++) {
            for (int j = 0; j < LON; j++) {
                int a = i * (LON + 1) + j, b = a + 1, c = a + LON + 1, d = c + 1;
                // Counter-clockwise seen from outside.
                int[] t1 = {a, c, b}, t2 = {b, c, d};
                for (int[] t : new int[][] {t1, t2}) {
                    float[] p = centroid(pos, t);
                    tri.add(t);
                    part.add(inMouth(p[0], p[1], p[2], 0) ? 3 : 0);
                }
            }
        }
        int skinCount = pos.size();
        int[] eyeStart = new int[2];
        for (int e = 0; e < 2; e++) {
            eyeStart[e] = pos.size();
            for (int i = 0; i <= EYE_LAT; i++) {
                double th = Math.PI * i / EYE_LAT;
                for (int j = 0; j <= EYE_LON; j++) {
                    double ph = 2 * Math.PI * j / EYE_LON;
                    float lx = (float) (EYE_R * Math.sin(th) * Math.sin(ph));
                    float ly = (float) (EYE_R * Math.cos(th));
                    float lz = (float) (EYE_R * Math.sin(th) * Math.cos(ph));
                    pos.add(new float[] {EYES[e][0] + lx, EYES[e][1] + ly, EYES[e][2] + lz});
                    uv.add(new float[] {0.5f * e + 0.5f * j / EYE_LON, 0.2f - 0.2f * i / EYE_LAT});
                    col.add(lz > 0.8f * EYE_R ? new float[] {0.03f, 0.06f, 0.12f} : new float[] {0.80f, 0.78f, 0.74f});
                }
            }
            for (int i = 0; i < EYE_LAT; i++) {
                for (int j = 0; j < EYE_LON; j++) {
                    int a = eyeStart[e] + i * (EYE_LON + 1) + j, b = a + 1, c = a + EYE_LON + 1, d = c + 1;
                    tri.add(new int[] {a, c, b});
                    tri.add(new int[] {b, c, d});
                    part.add(1 + e);
                    part.add(1 + e);
                }
            }
        }
        int v = pos.size();
        float[] template = flat(pos);
        int[] faces = new int[tri.size() * 3];
        for (int t = 0; t < tri.size(); t++) System.arraycopy(tri.get(t), 0, faces, t * 3, 3);
        int[] parts = part.stream().mapToInt(Integer::intValue).toArray();

        // Skinning: eyes on their joints, the lower front on the jaw, the rest on the neck.
        int joints = 5;
        float[] weights = new float[v * joints];
        for (int i = 0; i < v; i++) {
            if (i >= eyeStart[1]) { weights[i * joints + FaceModel.EYE_RIGHT] = 1; continue; }
            if (i >= eyeStart[0]) { weights[i * joints + FaceModel.EYE_LEFT] = 1; continue; }
            float[] p = pos.get(i);
            float w = p[2] > -0.02f ? smooth(-0.028f, -0.040f, p[1]) : 0;
            weights[i * joints + FaceModel.JAW] = w;
            weights[i * joints + FaceModel.NECK] = 1 - w;
        }
        float[][] regressor = new float[joints][v];
        for (int i = 0; i < skinCount; i++) {
            regressor[FaceModel.ROOT][i] = 1f / skinCount;
            regressor[FaceModel.NECK][i] = 1f / skinCount;
        }
        int jawRing = Math.round(LAT * 0.58f); // a ring a little below the equator
        for (int j = 0; j <= LON; j++) regressor[FaceModel.JAW][jawRing * (LON + 1) + j] = 1f / (LON + 1);
        int eyeVerts = (EYE_LAT + 1) * (EYE_LON + 1);
        for (int e = 0; e < 2; e++) {
            for (int i = 0; i < eyeVerts; i++) regressor[FaceModel.EYE_LEFT + e][eyeStart[e] + i] = 1f / eyeVerts;
        }

        List<String> exprNames = List.of("mouthSmileLeft", "mouthSmileRight", "jawForward", "eyeBlinkLeft", "browInnerUp");
        float[][] expr = new float[exprNames.size()][v * 3];
        for (int i = 0; i < skinCount; i++) {
            float[] p = pos.get(i);
            if (p[2] <= 0) continue;
            for (int s = 0; s < 2; s++) {
                float sx = s == 0 ? 1 : -1;
                float g = gauss(p[0] - sx * 0.024f, p[1] + 0.035f, 0.012f);
                expr[s][i * 3] = sx * 0.004f * g;
                expr[s][i * 3 + 1] = 0.008f * g;
            }
            expr[2][i * 3 + 2] = 0.01f * weights[i * joints + FaceModel.JAW];
            expr[3][i * 3 + 1] = -0.008f * gauss(p[0] - 0.03f, p[1] - 0.035f, 0.01f);
            expr[4][i * 3 + 1] = 0.01f * gauss(p[0], p[1] - 0.05f, 0.02f);
        }
        List<String> shapeNames = List.of("faceWidth", "headHeight");
        float[][] shapes = new float[2][v * 3];
        for (int i = 0; i < v; i++) {
            shapes[0][i * 3] = 0.03f * template[i * 3];
            shapes[1][i * 3 + 1] = 0.03f * template[i * 3 + 1];
        }
        float[][] poseDirs = new float[9 * (joints - 1)][v * 3];

        float[] uvs = flat(uv);
        float[] colors = flat(col);
        int[] lmkFaces = new int[68];
        float[] lmkBary = new float[68 * 3];
        for (int l = 0; l < 68; l++) {
            float[] target = landmarkTarget(l);
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int t = 0; t < tri.size(); t++) {
                if (parts[t] == 1 || parts[t] == 2) continue;
                float[] c = centroid(pos, tri.get(t));
                if (c[2] <= 0) continue;
                double d = Math.hypot(c[0] - target[0], c[1] - target[1]);
                if (d < bestD) { bestD = d; best = t; }
            }
            lmkFaces[l] = best;
            lmkBary[l * 3] = lmkBary[l * 3 + 1] = lmkBary[l * 3 + 2] = 1f / 3;
        }
        return new FaceModel("test-egg", template, faces, shapeNames, shapes, exprNames, expr, poseDirs, regressor,
                weights, new int[] {-1, 0, 1, 1, 1}, FaceModel.JOINT_NAMES, uvs, faces.clone(), colors, parts,
                List.of("skin", "eye_left", "eye_right", "mouth"), lmkFaces, lmkBary);
    }

    static boolean inMouth(float x, float y, float z, float grow) {
        return z > 0 && Math.abs(x) < 0.022f + grow && Math.abs(y + 0.034f) < 0.0035f + grow;
    }

    /** Rough iBUG positions on the front of the egg (x, y). */
    static float[] landmarkTarget(int l) {
        if (l < 17) { double a = Math.PI * (l / 16.0); return new float[] {(float) (-0.065 * Math.cos(a)), (float) (-0.03 - 0.05 * Math.sin(a))}; }
        if (l < 27) return new float[] {-0.045f + 0.01f * (l - 17), 0.045f};
        if (l < 36) return new float[] {0.0f, 0.03f - 0.006f * (l - 27)};
        if (l < 48) return new float[] {l < 42 ? -0.03f : 0.03f, 0.02f};
        double a = 2 * Math.PI * (l - 48) / 20.0;
        return new float[] {(float) (0.022 * Math.cos(a)), (float) (-0.034 + 0.008 * Math.sin(a))};
    }

    static float smooth(float edge0, float edge1, float x) {
        float t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
        return t * t * (3 - 2 * t);
    }

    static float gauss(float dx, float dy, float s) {
        return (float) Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
    }

    static float[] centroid(List<float[]> pos, int[] t) {
        float[] c = new float[3];
        for (int k : t) for (int d = 0; d < 3; d++) c[d] += pos.get(k)[d] / 3;
        return c;
    }

    static float[] flat(List<float[]> rows) {
        int w = rows.get(0).length;
        float[] out = new float[rows.size() * w];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, out, i * w, w);
        return out;
    }
}
