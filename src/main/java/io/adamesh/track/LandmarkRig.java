package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.Rotations;

/**
 * The face model's rig (FLAME's equations, as {@link io.adamesh.face.RigEvaluator}) restricted to
 * the vertices the 68 landmarks sit on, so that the fitter can evaluate landmarks thousands of
 * times per frame. Joints are regressed from the full mesh (precomputed per direction).
 * Not thread-safe (scratch buffers).
 */
final class LandmarkRig {
    private final int landmarks;
    private final int joints;
    private final int[] parents;
    private final int nv;                 // distinct landmark vertices
    private final int[] lmkVert;          // [L * 3] local vertex index
    private final float[] lmkBary;        // [L * 3]
    private final double[] template;      // [nv * 3]
    private final double[][] shapeDirs;   // [S][nv * 3]
    private final double[][] exprDirs;    // [E][nv * 3]
    private final double[][] poseDirs;    // [9(J-1)][nv * 3]
    private final double[] weights;       // [nv * J]
    private final double[] templateJoints;
    private final double[][] shapeJointDirs, exprJointDirs;

    private final double[] shaped, restJoints, rot, globalR, globalT, skinR, skinT, verts;
    private final float[] rotF = new float[9];

    LandmarkRig(FaceModel model) {
        landmarks = model.landmarkCount();
        joints = model.jointCount();
        parents = model.parents();
        int[] lf = model.landmarkFaces();
        int[] f = model.faces();
        lmkBary = model.landmarkBary().clone();
        int[] localOf = new int[model.vertexCount()];
        java.util.Arrays.fill(localOf, -1);
        int[] global = new int[landmarks * 3];
        lmkVert = new int[landmarks * 3];
        int n = 0;
        for (int l = 0; l < landmarks; l++) {
            for (int c = 0; c < 3; c++) {
                int v = f[lf[l] * 3 + c];
                if (localOf[v] < 0) {
                    localOf[v] = n;
                    global[n++] = v;
                }
                lmkVert[l * 3 + c] = localOf[v];
            }
        }
        nv = n;
        template = gather(model.template(), global, n);
        shapeDirs = gatherAll(model.shapeDirs(), global, n);
        exprDirs = gatherAll(model.expressionDirs(), global, n);
        poseDirs = gatherAll(model.poseDirs(), global, n);
        float[] w = model.weights();
        weights = new double[n * joints];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < joints; j++) {
                weights[i * joints + j] = w[global[i] * joints + j];
            }
        }
        float[][] reg = model.jointRegressor();
        templateJoints = regress(reg, model.template());
        shapeJointDirs = java.util.Arrays.stream(model.shapeDirs()).map(d -> regress(reg, d)).toArray(double[][]::new);
        exprJointDirs = java.util.Arrays.stream(model.expressionDirs()).map(d -> regress(reg, d)).toArray(double[][]::new);
        shaped = new double[n * 3];
        restJoints = new double[joints * 3];
        rot = new double[joints * 9];
        globalR = new double[joints * 9];
        globalT = new double[joints * 3];
        skinR = new double[joints * 9];
        skinT = new double[joints * 3];
        verts = new double[n * 3];
    }

    int landmarkCount() { return landmarks; }
    int shapeCount() { return shapeDirs.length; }
    int expressionCount() { return exprDirs.length; }
    int jointCount() { return joints; }

    private static double[] gather(float[] src, int[] global, int n) {
        double[] out = new double[n * 3];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                out[i * 3 + d] = src[global[i] * 3 + d];
            }
        }
        return out;
    }

    private static double[][] gatherAll(float[][] src, int[] global, int n) {
        double[][] out = new double[src.length][];
        for (int k = 0; k < src.length; k++) {
            out[k] = gather(src[k], global, n);
        }
        return out;
    }

    private static double[] regress(float[][] reg, float[] v) {
        double[] out = new double[reg.length * 3];
        for (int j = 0; j < reg.length; j++) {
            for (int i = 0; i < reg[j].length; i++) {
                float w = reg[j][i];
                if (w != 0f) {
                    out[j * 3] += w * v[i * 3];
                    out[j * 3 + 1] += w * v[i * 3 + 1];
                    out[j * 3 + 2] += w * v[i * 3 + 2];
                }
            }
        }
        return out;
    }

    /**
     * Landmarks in world space for identity {@code shape}, {@code expression}, joint axis-angles
     * {@code pose} ([J * 3]) and {@code translation} into {@code out} ([L * 3]).
     */
    void evaluate(double[] shape, double[] expression, double[] pose, double[] translation, double[] out) {
        System.arraycopy(template, 0, shaped, 0, shaped.length);
        System.arraycopy(templateJoints, 0, restJoints, 0, restJoints.length);
        for (int k = 0; k < shapeDirs.length; k++) {
            addScaled(shape[k], shapeDirs[k], shapeJointDirs[k]);
        }
        for (int k = 0; k < exprDirs.length; k++) {
            addScaled(expression[k], exprDirs[k], exprJointDirs[k]);
        }
        for (int j = 0; j < joints; j++) {
            Rotations.axisAngleToMatrix((float) pose[j * 3], (float) pose[j * 3 + 1], (float) pose[j * 3 + 2], rotF, 0);
            for (int e = 0; e < 9; e++) {
                rot[j * 9 + e] = rotF[e];
            }
        }
        for (int j = 1; j < joints; j++) {
            for (int e = 0; e < 9; e++) {
                double feat = rot[j * 9 + e] - ((e % 4 == 0) ? 1 : 0);
                if (feat != 0) {
                    double[] d = poseDirs[(j - 1) * 9 + e];
                    for (int i = 0; i < d.length; i++) {
                        shaped[i] += feat * d[i];
                    }
                }
            }
        }
        for (int j = 0; j < joints; j++) {
            int par = parents[j];
            double lx = restJoints[j * 3], ly = restJoints[j * 3 + 1], lz = restJoints[j * 3 + 2];
            int o = j * 9;
            if (par < 0) {
                System.arraycopy(rot, o, globalR, o, 9);
                globalT[j * 3] = lx;
                globalT[j * 3 + 1] = ly;
                globalT[j * 3 + 2] = lz;
            } else {
                int po = par * 9;
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        globalR[o + r * 3 + c] = globalR[po + r * 3] * rot[o + c] + globalR[po + r * 3 + 1] * rot[o + 3 + c]
                                + globalR[po + r * 3 + 2] * rot[o + 6 + c];
                    }
                }
                double dx = lx - restJoints[par * 3], dy = ly - restJoints[par * 3 + 1], dz = lz - restJoints[par * 3 + 2];
                for (int r = 0; r < 3; r++) {
                    globalT[j * 3 + r] = globalR[po + r * 3] * dx + globalR[po + r * 3 + 1] * dy + globalR[po + r * 3 + 2] * dz
                            + globalT[par * 3 + r];
                }
            }
            System.arraycopy(globalR, o, skinR, o, 9);
            for (int r = 0; r < 3; r++) {
                skinT[j * 3 + r] = globalT[j * 3 + r]
                        - (globalR[o + r * 3] * lx + globalR[o + r * 3 + 1] * ly + globalR[o + r * 3 + 2] * lz) + translation[r];
            }
        }
        for (int i = 0; i < nv; i++) {
            double x = shaped[i * 3], y = shaped[i * 3 + 1], z = shaped[i * 3 + 2];
            double ox = 0, oy = 0, oz = 0;
            for (int j = 0; j < joints; j++) {
                double w = weights[i * joints + j];
                if (w != 0) {
                    int o = j * 9, t = j * 3;
                    ox += w * (skinR[o] * x + skinR[o + 1] * y + skinR[o + 2] * z + skinT[t]);
                    oy += w * (skinR[o + 3] * x + skinR[o + 4] * y + skinR[o + 5] * z + skinT[t + 1]);
                    oz += w * (skinR[o + 6] * x + skinR[o + 7] * y + skinR[o + 8] * z + skinT[t + 2]);
                }
            }
            verts[i * 3] = ox;
            verts[i * 3 + 1] = oy;
            verts[i * 3 + 2] = oz;
        }
        for (int l = 0; l < landmarks; l++) {
            for (int d = 0; d < 3; d++) {
                double s = 0;
                for (int c = 0; c < 3; c++) {
                    s += lmkBary[l * 3 + c] * verts[lmkVert[l * 3 + c] * 3 + d];
                }
                out[l * 3 + d] = s;
            }
        }
    }

    private void addScaled(double w, double[] dir, double[] jointDir) {
        if (w == 0) {
            return;
        }
        for (int i = 0; i < dir.length; i++) {
            shaped[i] += w * dir[i];
        }
        for (int i = 0; i < jointDir.length; i++) {
            restJoints[i] += w * jointDir[i];
        }
    }
}
