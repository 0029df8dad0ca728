package io.adamesh.face.openhead;

import static io.adamesh.face.openhead.HeadMesh.*;
import static io.adamesh.face.openhead.Shaping.step;

import io.adamesh.face.FaceModel;

/** Skinning weights, the joint regressor and the jaw pose correctives of OpenHead. */
final class RigWeights {
    private final HeadMesh mesh;
    private final OpenHeadGenerator.Eye[] eyes;
    private final double[] jaw;

    RigWeights(HeadMesh mesh, OpenHeadGenerator.Eye[] eyes) {
        this.mesh = mesh;
        this.eyes = eyes;
        this.jaw = new double[mesh.size()];
        for (int i = 0; i < mesh.size(); i++) jaw[i] = jawWeight(mesh.get(i));
    }

    /** How much a vertex follows the jaw joint (0..1). */
    double jaw(int i) { return jaw[i]; }

    private static double jawWeight(Vertex v) {
        Vec p = v.skin;
        double y = p.y(), z = p.z(), ax = StrictMath.abs(p.x());
        double my = y - HeadShape.MOUTH_Y;
        switch (v.part) {
            case TEETH: return v.lowerTeeth ? 1 : 0;
            case TONGUE: return 1;
            case MOUTH: return step(0.003, -0.010, my);
            case EYE_LEFT, EYE_RIGHT: return 0;
            default: break;
        }
        if (v.lid != LID_NONE) return 0;
        double yLine = HeadShape.MOUTH_Y + 0.010 * step(0.022, 0.05, ax);
        double fv = step(yLine + 0.003, yLine - 0.016, y);
        if (v.side == SIDE_UPPER) fv = StrictMath.min(fv, my > 0 ? 0 : fv);
        if (v.side == SIDE_LOWER) fv = StrictMath.max(fv, StrictMath.max(0, 1 - 0.45 * StrictMath.pow(ax / 0.027, 2)));
        if (v.side == SIDE_NONE && StrictMath.abs(my) < 0.004 && ax < 0.032 && z > 0.05) fv = StrictMath.max(fv, 0.42);
        double fb = step(-0.040, 0.000, z);
        double fneck = StrictMath.max(step(-0.128, -0.112, y), step(0.040, 0.062, z) * step(-0.155, -0.125, y));
        if (v.part == SKIN && v.side == SIDE_UPPER && my >= -1e-9) return 0;
        return fv * fb * fneck;
    }

    float[] skinningWeights() {
        int n = mesh.size(), j = 5;
        float[] w = new float[n * j];
        for (int i = 0; i < n; i++) {
            Vertex v = mesh.get(i);
            if (v.part == EYE_LEFT) { w[i * j + FaceModel.EYE_LEFT] = 1; continue; }
            if (v.part == EYE_RIGHT) { w[i * j + FaceModel.EYE_RIGHT] = 1; continue; }
            double wj = jaw[i];
            double wr = v.part == SKIN ? step(-0.105, -0.180, v.skin.y()) * (1 - wj) : 0;
            double wn = 1 - wj - wr;
            w[i * j + FaceModel.ROOT] = (float) wr;
            w[i * j + FaceModel.NECK] = (float) wn;
            w[i * j + FaceModel.JAW] = (float) wj;
        }
        return w;
    }

    float[][] jointRegressor() {
        int n = mesh.size();
        float[][] r = new float[5][n];
        int ring = 0;
        for (int i = 0; i < n; i++) if (mesh.get(i).part == SKIN && mesh.get(i).row == 0) ring++;
        for (int i = 0; i < n; i++) if (mesh.get(i).part == SKIN && mesh.get(i).row == 0) r[FaceModel.ROOT][i] = 1f / ring;
        pairAt(r[FaceModel.NECK], new Vec(0.052, -0.060, -0.020));
        pairAt(r[FaceModel.JAW], new Vec(0.064, -0.018, -0.004));
        eyeCentre(r[FaceModel.EYE_LEFT], EYE_LEFT);
        eyeCentre(r[FaceModel.EYE_RIGHT], EYE_RIGHT);
        return r;
    }

    /** Half weight on the skin vertex nearest the target and half on its mirror: the midpoint lies on x = 0. */
    private void pairAt(float[] row, Vec target) {
        int a = nearestSkin(target), b = nearestSkin(target.mirrorX());
        row[a] += 0.5f;
        row[b] += 0.5f;
    }

    private int nearestSkin(Vec t) {
        int best = -1;
        double bd = Double.MAX_VALUE;
        for (int i = 0; i < mesh.size(); i++) {
            Vertex v = mesh.get(i);
            if (v.part != SKIN || v.row < 0 || v.lid != LID_NONE) continue;
            double d = v.p.minus(t).length();
            if (d < bd) { bd = d; best = i; }
        }
        return best;
    }

    /**
     * Weights over eyeball vertices whose weighted mean is exactly the eye centre: opposite vertices
     * of the 75 and 100 degree rings, balanced so the forward offsets cancel.
     */
    private void eyeCentre(float[] row, int part) {
        OpenHeadGenerator.Eye eye = eyes[part == EYE_LEFT ? 0 : 1];
        double c75 = StrictMath.cos(StrictMath.toRadians(75)), c100 = StrictMath.cos(StrictMath.toRadians(100));
        double w75 = -c100 / (c75 - c100), w100 = 1 - w75;
        int found75 = 0, found100 = 0;
        for (int i = 0; i < mesh.size(); i++) {
            Vertex v = mesh.get(i);
            if (v.part != part) continue;
            Vec d = v.p.minus(eye.center).unit();
            double polar = StrictMath.toDegrees(StrictMath.acos(StrictMath.max(-1, StrictMath.min(1, d.dot(eye.forward)))));
            double side = d.dot(eye.lateral);
            double vertical = d.dot(eye.up);
            boolean onAxis = StrictMath.abs(vertical) < 1e-6;
            if (!onAxis) continue;
            if (StrictMath.abs(polar - 75) < 0.01) { row[i] += (float) (w75 / 2); found75++; }
            if (StrictMath.abs(polar - 100) < 0.01) { row[i] += (float) (w100 / 2); found100++; }
            if (side == 0) continue;
        }
        if (found75 != 2 || found100 != 2) throw new IllegalStateException("eye regressor vertices not found: " + found75 + ", " + found100);
    }

    /** 9 * 4 pose-corrective directions; the jaw's sin-term narrows the cheeks as the mouth opens. */
    float[][] poseCorrectives() {
        int n = mesh.size();
        float[][] dirs = new float[36][n * 3];
        int jawSin = (FaceModel.JAW - 1) * 9 + 7; // element R[2][1] = sin(angle) for a rotation about x
        for (int i = 0; i < n; i++) {
            Vertex v = mesh.get(i);
            if (v.part != SKIN || v.lid != LID_NONE) continue;
            Vec p = v.skin;
            double cheek = Shaping.bump(new Vec(StrictMath.abs(p.x()), p.y(), p.z()), new Vec(0.040, -0.060, 0.06), 0.016, 0.022, 0.03);
            dirs[jawSin][i * 3] = (float) (-StrictMath.signum(p.x()) * 0.006 * cheek);
            dirs[jawSin][i * 3 + 2] = (float) (-0.002 * cheek);
        }
        return dirs;
    }
}
