package io.adamesh.export;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.List;

/**
 * Small synthetic heads and clips for export tests: a UV sphere (with a UV seam, so corners carry
 * UVs of their own) with a jaw region, three ARKit-named expressions and FLAME's five joints.
 */
final class TestHeads {
    static final List<String> EXPRESSIONS = List.of("eyeBlinkLeft", "mouthSmileLeft", "browInnerUp");

    private TestHeads() {}

    static FaceModel sphere() { return sphere(8, 12); }

    static FaceModel sphere(int rings, int segments) {
        double r = 0.1;
        int v = 2 + (rings - 1) * segments;
        float[] pos = new float[v * 3];
        pos[1] = (float) r;
        int k = 1;
        for (int i = 1; i < rings; i++) {
            double th = Math.PI * i / rings;
            for (int j = 0; j < segments; j++) {
                double ph = 2 * Math.PI * j / segments;
                pos[k * 3] = (float) (r * Math.sin(th) * Math.sin(ph));
                pos[k * 3 + 1] = (float) (r * Math.cos(th));
                pos[k * 3 + 2] = (float) (r * Math.sin(th) * Math.cos(ph));
                k++;
            }
        }
        int bottom = v - 1;
        pos[bottom * 3 + 1] = (float) -r;
        // UV grid (segments + 1) x (rings + 1) so the seam has its own UVs.
        float[] uv = new float[(segments + 1) * (rings + 1) * 2];
        for (int i = 0; i <= rings; i++) {
            for (int j = 0; j <= segments; j++) {
                int t = i * (segments + 1) + j;
                uv[t * 2] = (float) j / segments;
                uv[t * 2 + 1] = 1f - (float) i / rings;
            }
        }
        int tris = 2 * segments * (rings - 1);
        int[] f = new int[tris * 3];
        int[] ft = new int[tris * 3];
        int n = 0;
        for (int i = 0; i < rings; i++) {
            for (int j = 0; j < segments; j++) {
                int j1 = (j + 1) % segments;
                int a = vid(i, j, segments, v), b = vid(i, j1, segments, v), c = vid(i + 1, j, segments, v), d = vid(i + 1, j1, segments, v);
                int ta = i * (segments + 1) + j, tb = ta + 1, tc = ta + segments + 1, td = tc + 1;
                // outward counter-clockwise: a (upper) -> c (lower) -> d / a -> d -> b
                if (i > 0) { f[n] = a; f[n + 1] = c; f[n + 2] = b; ft[n] = ta; ft[n + 1] = tc; ft[n + 2] = tb; n += 3; }
                if (i < rings - 1) { f[n] = b; f[n + 1] = c; f[n + 2] = d; ft[n] = tb; ft[n + 1] = tc; ft[n + 2] = td; n += 3; }
            }
        }
        int joints = 5;
        float[][] reg = new float[joints][v];
        for (int i = 0; i < v; i++) reg[0][i] = 1f / v;        // root: centre
        reg[1][bottom] = 1f;                                   // neck: bottom pole
        for (int i = 0; i < v; i++) reg[2][i] = 0.5f / v;      // jaw: between centre and neck
        reg[2][bottom] += 0.5f;
        int eyeL = nearest(pos, 0.04, 0.03, 0.09), eyeR = nearest(pos, -0.04, 0.03, 0.09);
        for (int i = 0; i < v; i++) { reg[3][i] = 0.3f / v; reg[4][i] = 0.3f / v; }
        reg[3][eyeL] += 0.7f;
        reg[4][eyeR] += 0.7f;
        float[] w = new float[v * joints];
        float[][] expr = new float[EXPRESSIONS.size()][v * 3];
        for (int i = 0; i < v; i++) {
            float x = pos[i * 3], y = pos[i * 3 + 1], z = pos[i * 3 + 2];
            if (y < -0.03 && z > 0) {
                w[i * joints + 2] = 0.8f; w[i * joints + 1] = 0.2f;
            } else if (i == eyeL) {
                w[i * joints + 3] = 1f;
            } else if (i == eyeR) {
                w[i * joints + 4] = 1f;
            } else if (y < -0.07) {
                w[i * joints + 1] = 1f;
            } else {
                w[i * joints] = 0.6f; w[i * joints + 1] = 0.4f;
            }
            if (x > 0 && y > 0 && z > 0.05) expr[0][i * 3 + 1] = -0.01f;               // eyeBlinkLeft
            if (x > 0 && y < 0 && z > 0.05) { expr[1][i * 3] = 0.008f; expr[1][i * 3 + 1] = 0.006f; } // mouthSmileLeft
            if (y > 0.05 && z > 0.03) expr[2][i * 3 + 1] = 0.012f;                      // browInnerUp
        }
        float[][] poseDirs = new float[9 * (joints - 1)][v * 3];
        float[] colors = new float[v * 3];
        java.util.Arrays.fill(colors, 0.8f);
        return new FaceModel("test-sphere", pos, f, List.of("width"), new float[][] {scaled(pos, 0.1f)},
                EXPRESSIONS, expr, poseDirs, reg, w, new int[] {-1, 0, 1, 1, 1},
                FaceModel.JOINT_NAMES, uv, ft, colors, new int[tris], List.of("skin"), new int[0], new float[0]);
    }

    private static float[] scaled(float[] a, float s) {
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) o[i] = a[i] * s;
        return o;
    }

    private static int vid(int ring, int seg, int segments, int v) {
        if (ring == 0) return 0;
        if (ring == (v - 2) / segments + 1) return v - 1;
        return 1 + (ring - 1) * segments + seg;
    }

    private static int nearest(float[] pos, double x, double y, double z) {
        int best = 0;
        double bd = Double.MAX_VALUE;
        for (int i = 0; i < pos.length / 3; i++) {
            double d = Math.pow(pos[i * 3] - x, 2) + Math.pow(pos[i * 3 + 1] - y, 2) + Math.pow(pos[i * 3 + 2] - z, 2);
            if (d < bd) { bd = d; best = i; }
        }
        return best;
    }

    /** Expression value of channel c at frame i in {@link #clip}. */
    static float expressionAt(int c, int i) {
        return switch (c) {
            case 0 -> (float) Math.max(0, Math.sin(i * 0.3));
            case 1 -> i / 40f;
            default -> 0.5f * (float) Math.cos(i * 0.1);
        };
    }

    /** A keyframed clip: blinks, a smile ramp, brows, jaw opening, a head turn and eye darts, with root drift. */
    static Clip clip(FaceModel m, int frames, double fps) {
        Clip.Builder b = new Clip.Builder(m, fps);
        FaceParams p = m.newParams();
        p.setShape(0, 0.5f);
        for (int i = 0; i < frames; i++) {
            p.resetExpressionAndPose();
            for (int c = 0; c < 3; c++) p.setExpression(c, expressionAt(c, i));
            p.setJointRotation(FaceModel.NECK, 0.02f * (float) Math.sin(i * 0.2), 0.6f * (float) Math.sin(i * 0.05), 0f);
            p.setJointRotation(FaceModel.JAW, 0.3f * (float) Math.abs(Math.sin(i * 0.15)), 0f, 0f);
            p.setJointRotation(FaceModel.EYE_LEFT, 0f, 0.2f * (float) Math.sin(i * 0.4), 0f);
            p.setJointRotation(FaceModel.EYE_RIGHT, 0f, 0.2f * (float) Math.sin(i * 0.4), 0f);
            p.translation()[0] = 0.001f * i;
            b.add(p);
        }
        return b.build();
    }
}
