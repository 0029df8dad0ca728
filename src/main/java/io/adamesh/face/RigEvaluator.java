package io.adamesh.face;

import java.util.Arrays;

/**
 * Evaluates a {@link FaceModel} for a {@link FaceParams}: FLAME's forward pass.
 * <ol>
 *   <li>v_shaped = template + sum(shape_k * shapedir_k) + sum(expr_k * exprdir_k)</li>
 *   <li>J = J_regressor * v_shaped (done per direction, so only non-zero coefficients cost)</li>
 *   <li>v_posed = v_shaped + posedirs * concat_{j>=1}(R_j - I)</li>
 *   <li>v = sum_j w_vj * A_j * v_posed + translation, A_j the joint's world transform with its rest
 *       position removed</li>
 * </ol>
 * All buffers are allocated once: {@link #evaluate} allocates nothing. Blend shapes, pose
 * correctives and skinning are stored sparsely. Identity-dependent sums are cached until the
 * parameters' identity changes. Not thread-safe: one evaluator per thread.
 */
public final class RigEvaluator {
    private static final float EPS = 1e-7f;

    private final FaceModel model;
    private final int v3;
    private final int joints;
    private final int[] parents;
    private final SparseDir[] shapeDirs;
    private final SparseDir[] exprDirs;
    private final SparseDir[] poseDirs;
    private final float[][] shapeJointDirs;
    private final float[][] exprJointDirs;
    private final float[] templateJoints;
    private final int[] infStart;
    private final int[] infJoint;
    private final float[] infWeight;

    private final float[] identityBase;
    private final float[] identityJoints;
    private int cachedIdentityVersion = Integer.MIN_VALUE;
    private FaceParams cachedFor;

    private final float[] shaped;
    private final float[] restJoints;
    private final float[] rot;        // J x 9 local rotations
    private final float[] poseFeature; // 9 (J-1)
    private final float[] globalR;    // J x 9
    private final float[] globalT;    // J x 3
    private final float[] skinR;      // J x 9
    private final float[] skinT;      // J x 3
    private final float[] posedJoints; // J x 3, world positions incl. translation

    private record SparseDir(int[] index, float[] value) {
        static SparseDir of(float[] dense) {
            int n = 0;
            for (float x : dense) if (x != 0f) n++;
            int[] idx = new int[n];
            float[] val = new float[n];
            int k = 0;
            for (int i = 0; i < dense.length; i++) {
                if (dense[i] != 0f) {
                    idx[k] = i;
                    val[k++] = dense[i];
                }
            }
            return new SparseDir(idx, val);
        }

        void addTo(float[] out, float w) {
            for (int i = 0; i < index.length; i++) out[index[i]] += w * value[i];
        }
    }

    public RigEvaluator(FaceModel model) {
        this.model = model;
        int v = model.vertexCount();
        this.v3 = v * 3;
        this.joints = model.jointCount();
        this.parents = model.parents();
        this.shapeDirs = Arrays.stream(model.shapeDirs()).map(SparseDir::of).toArray(SparseDir[]::new);
        this.exprDirs = Arrays.stream(model.expressionDirs()).map(SparseDir::of).toArray(SparseDir[]::new);
        this.poseDirs = Arrays.stream(model.poseDirs()).map(SparseDir::of).toArray(SparseDir[]::new);
        float[][] reg = model.jointRegressor();
        this.templateJoints = regress(reg, model.template());
        this.shapeJointDirs = Arrays.stream(model.shapeDirs()).map(d -> regress(reg, d)).toArray(float[][]::new);
        this.exprJointDirs = Arrays.stream(model.expressionDirs()).map(d -> regress(reg, d)).toArray(float[][]::new);

        float[] w = model.weights();
        infStart = new int[v + 1];
        int count = 0;
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < joints; j++) if (w[i * joints + j] != 0f) count++;
        }
        infJoint = new int[count];
        infWeight = new float[count];
        int k = 0;
        for (int i = 0; i < v; i++) {
            infStart[i] = k;
            for (int j = 0; j < joints; j++) {
                float x = w[i * joints + j];
                if (x != 0f) {
                    infJoint[k] = j;
                    infWeight[k++] = x;
                }
            }
        }
        infStart[v] = k;

        identityBase = new float[v3];
        identityJoints = new float[joints * 3];
        shaped = new float[v3];
        restJoints = new float[joints * 3];
        rot = new float[joints * 9];
        poseFeature = new float[9 * (joints - 1)];
        globalR = new float[joints * 9];
        globalT = new float[joints * 3];
        skinR = new float[joints * 9];
        skinT = new float[joints * 3];
        posedJoints = new float[joints * 3];
    }

    private static float[] regress(float[][] reg, float[] verts) {
        float[] out = new float[reg.length * 3];
        for (int j = 0; j < reg.length; j++) {
            float[] r = reg[j];
            double x = 0, y = 0, z = 0;
            for (int i = 0; i < r.length; i++) {
                float w = r[i];
                if (w != 0f) {
                    x += w * verts[i * 3];
                    y += w * verts[i * 3 + 1];
                    z += w * verts[i * 3 + 2];
                }
            }
            out[j * 3] = (float) x;
            out[j * 3 + 1] = (float) y;
            out[j * 3 + 2] = (float) z;
        }
        return out;
    }

    public FaceModel model() { return model; }

    /** Evaluates the posed, skinned vertices into {@code out} ([V, 3] flat). Allocates nothing. */
    public void evaluate(FaceParams p, float[] out) {
        if (out.length < v3) throw new IllegalArgumentException("output buffer holds " + out.length + " floats, needs " + v3);
        if (p.expressionCount() != exprDirs.length || p.shapeCount() != shapeDirs.length || p.jointCount() != joints) {
            throw new IllegalArgumentException("parameters do not belong to model " + model.id());
        }
        updateIdentity(p);

        // 1-2. Expression blend shapes and their effect on the rest joints.
        System.arraycopy(identityBase, 0, shaped, 0, v3);
        System.arraycopy(identityJoints, 0, restJoints, 0, joints * 3);
        float[] ex = p.expressions();
        for (int k = 0; k < exprDirs.length; k++) {
            float w = ex[k];
            if (w > EPS || w < -EPS) {
                exprDirs[k].addTo(shaped, w);
                float[] jd = exprJointDirs[k];
                for (int i = 0; i < jd.length; i++) restJoints[i] += w * jd[i];
            }
        }

        // 3. Local rotations and pose correctives.
        float[] pose = p.pose();
        for (int j = 0; j < joints; j++) {
            Rotations.axisAngleToMatrix(pose[j * 3], pose[j * 3 + 1], pose[j * 3 + 2], rot, j * 9);
        }
        for (int j = 1; j < joints; j++) {
            for (int e = 0; e < 9; e++) {
                poseFeature[(j - 1) * 9 + e] = rot[j * 9 + e] - ((e % 4 == 0) ? 1f : 0f);
            }
        }
        for (int k = 0; k < poseDirs.length; k++) {
            float w = poseFeature[k];
            if (w > EPS || w < -EPS) poseDirs[k].addTo(shaped, w);
        }

        // 4. World transforms along the kinematic tree, then remove each joint's rest position.
        float[] tr = p.translation();
        for (int j = 0; j < joints; j++) {
            int par = parents[j];
            float lx = restJoints[j * 3], ly = restJoints[j * 3 + 1], lz = restJoints[j * 3 + 2];
            if (par < 0) {
                System.arraycopy(rot, j * 9, globalR, j * 9, 9);
                globalT[j * 3] = lx;
                globalT[j * 3 + 1] = ly;
                globalT[j * 3 + 2] = lz;
            } else {
                Rotations.multiply(globalR, par * 9, rot, j * 9, globalR, j * 9);
                float dx = lx - restJoints[par * 3], dy = ly - restJoints[par * 3 + 1], dz = lz - restJoints[par * 3 + 2];
                int o = par * 9;
                globalT[j * 3] = globalR[o] * dx + globalR[o + 1] * dy + globalR[o + 2] * dz + globalT[par * 3];
                globalT[j * 3 + 1] = globalR[o + 3] * dx + globalR[o + 4] * dy + globalR[o + 5] * dz + globalT[par * 3 + 1];
                globalT[j * 3 + 2] = globalR[o + 6] * dx + globalR[o + 7] * dy + globalR[o + 8] * dz + globalT[par * 3 + 2];
            }
            int o = j * 9;
            System.arraycopy(globalR, o, skinR, o, 9);
            skinT[j * 3] = globalT[j * 3] - (globalR[o] * lx + globalR[o + 1] * ly + globalR[o + 2] * lz) + tr[0];
            skinT[j * 3 + 1] = globalT[j * 3 + 1] - (globalR[o + 3] * lx + globalR[o + 4] * ly + globalR[o + 5] * lz) + tr[1];
            skinT[j * 3 + 2] = globalT[j * 3 + 2] - (globalR[o + 6] * lx + globalR[o + 7] * ly + globalR[o + 8] * lz) + tr[2];
            posedJoints[j * 3] = globalT[j * 3] + tr[0];
            posedJoints[j * 3 + 1] = globalT[j * 3 + 1] + tr[1];
            posedJoints[j * 3 + 2] = globalT[j * 3 + 2] + tr[2];
        }

        // 5. Linear blend skinning.
        int v = v3 / 3;
        for (int i = 0; i < v; i++) {
            float x = shaped[i * 3], y = shaped[i * 3 + 1], z = shaped[i * 3 + 2];
            float ox = 0, oy = 0, oz = 0;
            for (int k = infStart[i], end = infStart[i + 1]; k < end; k++) {
                float w = infWeight[k];
                int o = infJoint[k] * 9;
                int t = infJoint[k] * 3;
                ox += w * (skinR[o] * x + skinR[o + 1] * y + skinR[o + 2] * z + skinT[t]);
                oy += w * (skinR[o + 3] * x + skinR[o + 4] * y + skinR[o + 5] * z + skinT[t + 1]);
                oz += w * (skinR[o + 6] * x + skinR[o + 7] * y + skinR[o + 8] * z + skinT[t + 2]);
            }
            out[i * 3] = ox;
            out[i * 3 + 1] = oy;
            out[i * 3 + 2] = oz;
        }
    }

    private void updateIdentity(FaceParams p) {
        if (cachedFor == p && cachedIdentityVersion == p.identityVersion()) return;
        System.arraycopy(model.template(), 0, identityBase, 0, v3);
        System.arraycopy(templateJoints, 0, identityJoints, 0, joints * 3);
        for (int k = 0; k < shapeDirs.length; k++) {
            float w = p.shape(k);
            if (w != 0f) {
                shapeDirs[k].addTo(identityBase, w);
                float[] jd = shapeJointDirs[k];
                for (int i = 0; i < jd.length; i++) identityJoints[i] += w * jd[i];
            }
        }
        cachedFor = p;
        cachedIdentityVersion = p.identityVersion();
    }

    /** World positions of the joints after the last {@link #evaluate}, [J, 3]. Read-only view. */
    public float[] posedJoints() { return posedJoints; }

    /** Rest positions of the joints (identity + expression) of the last {@link #evaluate}, [J, 3]. */
    public float[] restJoints() { return restJoints; }

    /** World rotations of the joints after the last {@link #evaluate}, [J, 9] row-major. */
    public float[] jointRotations() { return globalR; }

    /** Smooth, area-weighted vertex normals of {@code verts} into {@code out} ([V, 3]). Allocates nothing. */
    public void computeNormals(float[] verts, float[] out) {
        Arrays.fill(out, 0, v3, 0f);
        int[] f = model.faces();
        for (int t = 0; t < f.length; t += 3) {
            int a = f[t] * 3, b = f[t + 1] * 3, c = f[t + 2] * 3;
            float e1x = verts[b] - verts[a], e1y = verts[b + 1] - verts[a + 1], e1z = verts[b + 2] - verts[a + 2];
            float e2x = verts[c] - verts[a], e2y = verts[c + 1] - verts[a + 1], e2z = verts[c + 2] - verts[a + 2];
            float nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
            out[a] += nx; out[a + 1] += ny; out[a + 2] += nz;
            out[b] += nx; out[b + 1] += ny; out[b + 2] += nz;
            out[c] += nx; out[c + 1] += ny; out[c + 2] += nz;
        }
        for (int i = 0; i < v3; i += 3) {
            float x = out[i], y = out[i + 1], z = out[i + 2];
            float len = (float) Math.sqrt(x * x + y * y + z * z);
            if (len > 0) {
                out[i] = x / len; out[i + 1] = y / len; out[i + 2] = z / len;
            } else {
                out[i + 1] = 1f;
            }
        }
    }

    /** The 68 landmarks (or however many the model embeds) of {@code verts} into {@code out} ([L, 3]). */
    public void landmarks(float[] verts, float[] out) {
        int[] lf = model.landmarkFaces();
        float[] bc = model.landmarkBary();
        int[] f = model.faces();
        for (int l = 0; l < lf.length; l++) {
            int t = lf[l] * 3;
            float b0 = bc[l * 3], b1 = bc[l * 3 + 1], b2 = bc[l * 3 + 2];
            int a = f[t] * 3, b = f[t + 1] * 3, c = f[t + 2] * 3;
            for (int d = 0; d < 3; d++) out[l * 3 + d] = b0 * verts[a + d] + b1 * verts[b + d] + b2 * verts[c + d];
        }
    }
}
