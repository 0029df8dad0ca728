package io.adamesh.adapt;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Lip vertex error (LVE) as training/'s evaluate_expression defines it: per frame the largest L2
 * distance over the lip vertices between two animations of the neutral-identity head (head pose zeroed,
 * jaw and expression only), mean over frames, in millimetres. Lip vertices: skin vertices within 6 mm of
 * the 20 lip landmarks (48-67) on the template.
 */
public final class LipVertexError {
    private final FaceModel face;
    private final int[] lip;
    private final int[] channelIndex;
    private final RigEvaluator rig;
    private final float[] va;
    private final float[] vb;
    private final FaceParams pa;
    private final FaceParams pb;

    /** @param channels the bundle's 43 expression channel names, in network order */
    public LipVertexError(FaceModel face, List<String> channels) {
        this.face = face;
        this.lip = lipVertices(face);
        this.channelIndex = new int[channels.size()];
        for (int c = 0; c < channelIndex.length; c++) {
            channelIndex[c] = face.expressionIndex(channels.get(c));
        }
        this.rig = new RigEvaluator(face);
        this.va = new float[face.vertexCount() * 3];
        this.vb = new float[va.length];
        this.pa = face.newParams();
        this.pb = face.newParams();
    }

    public int lipVertexCount() {
        return lip.length;
    }

    static int[] lipVertices(FaceModel face) {
        int skinPart = face.partNames().indexOf("skin");
        boolean[] skin = new boolean[face.vertexCount()];
        int[] f = face.faces();
        int[] parts = face.faceParts();
        for (int t = 0; t < f.length / 3; t++) {
            if (parts == null || parts[t] == skinPart) {
                skin[f[3 * t]] = skin[f[3 * t + 1]] = skin[f[3 * t + 2]] = true;
            }
        }
        float[] tpl = face.template();
        float[] lm = new float[face.landmarkCount() * 3];
        new RigEvaluator(face).landmarks(tpl, lm);
        List<Integer> out = new ArrayList<>();
        for (int v = 0; v < skin.length; v++) {
            if (!skin[v]) {
                continue;
            }
            for (int l = 48; l < 68 && l < face.landmarkCount(); l++) {
                double dx = tpl[3 * v] - lm[3 * l], dy = tpl[3 * v + 1] - lm[3 * l + 1], dz = tpl[3 * v + 2] - lm[3 * l + 2];
                if (dx * dx + dy * dy + dz * dz < 0.006 * 0.006) {
                    out.add(v);
                    break;
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Sum over frames of the per-frame LVE (mm) between {@code a} and {@code b} (flat [F][43] expression in
     * network order and jaw x in radians) over frames {@code [from, to)} where {@code use} is null or true.
     * Returns {sum in mm, frames counted}.
     */
    public double[] sum(float[] exA, float[] jawA, float[] exB, float[] jawB, int from, int to, boolean[] use) {
        int c = channelIndex.length;
        double total = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (use != null && !use[i]) {
                continue;
            }
            set(pa, exA, jawA, i, c);
            set(pb, exB, jawB, i, c);
            rig.evaluate(pa, va);
            rig.evaluate(pb, vb);
            double max = 0;
            for (int v : lip) {
                double dx = va[3 * v] - vb[3 * v], dy = va[3 * v + 1] - vb[3 * v + 1], dz = va[3 * v + 2] - vb[3 * v + 2];
                max = Math.max(max, dx * dx + dy * dy + dz * dz);
            }
            total += Math.sqrt(max) * 1000;
            n++;
        }
        return new double[] {total, n};
    }

    /** Mean LVE in mm (NaN when no frame counts). */
    public double mean(float[] exA, float[] jawA, float[] exB, float[] jawB, int from, int to, boolean[] use) {
        double[] s = sum(exA, jawA, exB, jawB, from, to, use);
        return s[1] == 0 ? Double.NaN : s[0] / s[1];
    }

    private void set(FaceParams p, float[] ex, float[] jaw, int frame, int c) {
        p.resetExpressionAndPose();
        for (int k = 0; k < c; k++) {
            if (channelIndex[k] >= 0) {
                p.setExpression(channelIndex[k], ex[frame * c + k]);
            }
        }
        p.setJointRotation(FaceModel.JAW, jaw[frame], 0, 0);
    }

    public FaceModel face() {
        return face;
    }
}
