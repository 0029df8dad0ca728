package io.adamesh.face.openhead;

import static io.adamesh.face.openhead.HeadMesh.*;

import io.adamesh.face.FaceModel;
import java.util.List;

/**
 * OpenHead's 68-point landmark embedding in the iBUG 300-W order dlib uses: each landmark is a
 * triangle and barycentric coordinates. Landmarks on the lid margins, the inner lip edges and the
 * mouth corners sit exactly on those vertices; the others are found by casting a frontal ray onto
 * the skin. "Right" is the subject's right (-x), which appears on the left of a frontal image.
 */
final class LandmarkEmbedding {
    private final FaceModel model;
    private final HeadMesh mesh;
    private final OpenHeadGenerator.Eye[] eyes;
    private final int[] faces = new int[68];
    private final float[] bary = new float[68 * 3];
    private final int[] firstFace;

    LandmarkEmbedding(FaceModel model, HeadMesh mesh, OpenHeadGenerator.Eye[] eyes, List<Integer> slitUpper, List<Integer> slitLower, int rightCornerVertex, int leftCornerVertex) {
        this.model = model;
        this.mesh = mesh;
        this.eyes = eyes;
        firstFace = new int[model.vertexCount()];
        java.util.Arrays.fill(firstFace, -1);
        int[] f = model.faces();
        for (int t = 0; t < f.length / 3; t++) {
            for (int c = 0; c < 3; c++) if (firstFace[f[t * 3 + c]] < 0) firstFace[f[t * 3 + c]] = t;
        }
        // 0-35 (jaw line, brows, nose): where dlib's 68-point predictor puts them on OpenHead renders
        // (LandmarkCalibrationTool in the tests), so fitting to dlib's points is unbiased.
        for (int l = 0; l <= 35; l++) frontal(l, DLIB_TARGETS[l][0], DLIB_TARGETS[l][1]);
        // 36-41 right eye, 42-47 left eye (iBUG order).
        eye(36, eyes[1], true);
        eye(42, eyes[0], false);
        // 48-59 outer lip contour, starting at the right corner.
        int rightCorner = rightCornerVertex, leftCorner = leftCornerVertex;
        atVertex(48, rightCorner);
        for (int l = 49; l <= 53; l++) frontal(l, DLIB_TARGETS[l][0], DLIB_TARGETS[l][1]);
        atVertex(54, leftCorner);
        for (int l = 55; l <= 59; l++) frontal(l, DLIB_TARGETS[l][0], DLIB_TARGETS[l][1]);
        // 60-67 inner lip edge.
        atVertex(60, rightCorner);
        atVertex(61, nearestX(slitUpper, -0.011));
        atVertex(62, nearestX(slitUpper, 0));
        atVertex(63, nearestX(slitUpper, 0.011));
        atVertex(64, leftCorner);
        atVertex(65, nearestX(slitLower, 0.011));
        atVertex(66, nearestX(slitLower, 0));
        atVertex(67, nearestX(slitLower, -0.011));
    }

    /**
     * Frontal (x, y) targets in metres from {@code LandmarkCalibrationTool}: dlib's predictor run on
     * renders of OpenHead at nine head poses, back-projected onto the rest-pose skin, averaged and
     * mirrored. Contour points 2, 3, 13 and 14 fell outside the silhouette and are interpolated.
     * The eye, inner-lip and mouth-corner landmarks are not taken from here: they stay on the lid
     * margins, lip edges and corners so that blinks and mouth opening are measured exactly.
     */
    static final double[][] DLIB_TARGETS = {
            {-0.0737, 0.0121}, {-0.0745, -0.0091}, {-0.0675, -0.0293}, {-0.0606, -0.0495}, {-0.0536, -0.0697},
            {-0.0421, -0.0848}, {-0.0295, -0.0981}, {-0.0158, -0.1075}, {0.0000, -0.1086}, {0.0158, -0.1075},
            {0.0295, -0.0981}, {0.0421, -0.0848}, {0.0536, -0.0697}, {0.0606, -0.0495}, {0.0675, -0.0293},
            {0.0745, -0.0091}, {0.0737, 0.0121},
            {-0.0575, 0.0198}, {-0.0461, 0.0265}, {-0.0329, 0.0291}, {-0.0195, 0.0273}, {-0.0082, 0.0215},
            {0.0082, 0.0215}, {0.0195, 0.0273}, {0.0329, 0.0291}, {0.0461, 0.0265}, {0.0575, 0.0198},
            {0.0000, 0.0049}, {0.0000, -0.0088}, {0.0000, -0.0224}, {0.0000, -0.0358},
            {-0.0141, -0.0416}, {-0.0074, -0.0436}, {0.0000, -0.0460}, {0.0074, -0.0436}, {0.0141, -0.0416},
            {-0.0431, 0.0068}, {-0.0353, 0.0101}, {-0.0259, 0.0095}, {-0.0182, 0.0030}, {-0.0270, 0.0012}, {-0.0361, 0.0018},
            {0.0182, 0.0030}, {0.0259, 0.0095}, {0.0353, 0.0101}, {0.0431, 0.0068}, {0.0361, 0.0018}, {0.0270, 0.0012},
            {-0.0248, -0.0630}, {-0.0157, -0.0585}, {-0.0068, -0.0565}, {0.0000, -0.0583}, {0.0068, -0.0565},
            {0.0157, -0.0585}, {0.0248, -0.0630}, {0.0164, -0.0723}, {0.0076, -0.0765}, {0.0000, -0.0773},
            {-0.0076, -0.0765}, {-0.0164, -0.0723},
            {-0.0209, -0.0632}, {-0.0071, -0.0632}, {0.0000, -0.0641}, {0.0071, -0.0632}, {0.0209, -0.0632},
            {0.0072, -0.0664}, {0.0000, -0.0674}, {-0.0072, -0.0664},
    };

    int[] faces() { return faces; }

    float[] barycentric() { return bary; }

    private int nearestX(List<Integer> verts, double x) {
        int best = verts.get(0);
        for (int i : verts) if (StrictMath.abs(mesh.get(i).p.x() - x) < StrictMath.abs(mesh.get(best).p.x() - x)) best = i;
        return best;
    }

    private void eye(int first, OpenHeadGenerator.Eye eye, boolean rightEye) {
        double span = OpenHeadGenerator.Eye.A_OUT - OpenHeadGenerator.Eye.A_IN;
        double aOuter = OpenHeadGenerator.Eye.A_OUT, aInner = OpenHeadGenerator.Eye.A_IN;
        int outer = margin(eye, aOuter, 0, LID_UPPER_MARGIN, LID_LOWER_MARGIN);
        int inner = margin(eye, aInner, 0, LID_UPPER_MARGIN, LID_LOWER_MARGIN);
        double a1 = aOuter - span / 3, a2 = aOuter - 2 * span / 3;
        int up1 = margin(eye, a1, eye.upperMargin(a1), LID_UPPER_MARGIN, -1);
        int up2 = margin(eye, a2, eye.upperMargin(a2), LID_UPPER_MARGIN, -1);
        // Lower-lid points sit in the same grid column as their upper partners (37/41, 38/40, ...),
        // so each pair meets exactly when the eye closes.
        int lo1 = sameColumn(up1, LID_LOWER_MARGIN, margin(eye, a1, eye.lowerMargin(a1), LID_LOWER_MARGIN, -1));
        int lo2 = sameColumn(up2, LID_LOWER_MARGIN, margin(eye, a2, eye.lowerMargin(a2), LID_LOWER_MARGIN, -1));
        if (rightEye) {
            // 36 outer, 37-38 upper toward the nose, 39 inner, 40-41 lower back outward.
            atVertex(first, outer);
            atVertex(first + 1, up1);
            atVertex(first + 2, up2);
            atVertex(first + 3, inner);
            atVertex(first + 4, lo2);
            atVertex(first + 5, lo1);
        } else {
            // 42 inner, 43-44 upper outward, 45 outer, 46-47 lower back inward.
            atVertex(first, inner);
            atVertex(first + 1, up2);
            atVertex(first + 2, up1);
            atVertex(first + 3, outer);
            atVertex(first + 4, lo1);
            atVertex(first + 5, lo2);
        }
    }

    private int sameColumn(int upper, int kind, int fallback) {
        Vertex u = mesh.get(upper);
        for (int i = 0; i < mesh.size(); i++) {
            Vertex v = mesh.get(i);
            if (v.eye == u.eye && v.lid == kind && v.col == u.col) return i;
        }
        return fallback;
    }

    private int margin(OpenHeadGenerator.Eye eye, double a, double b, int kind, int kind2) {
        int best = -1;
        double bd = Double.MAX_VALUE;
        int eyeIndex = eye.sign > 0 ? 0 : 1;
        for (int i = 0; i < mesh.size(); i++) {
            Vertex v = mesh.get(i);
            if (v.eye != eyeIndex || (v.lid != kind && v.lid != kind2)) continue;
            double d = StrictMath.hypot(v.lidA - a, 2 * (v.lidB - b));
            if (d < bd) { bd = d; best = i; }
        }
        if (best < 0) throw new IllegalStateException("no lid margin vertex near a=" + a);
        return best;
    }

    private void atVertex(int l, int vertex) {
        int t = firstFace[vertex];
        faces[l] = t;
        int[] f = model.faces();
        for (int c = 0; c < 3; c++) bary[l * 3 + c] = f[t * 3 + c] == vertex ? 1f : 0f;
    }

    /** Casts a ray along -z at (x, y) onto the skin and keeps the frontmost hit. */
    private void frontal(int l, double x, double y) {
        float[] v = model.template();
        int[] f = model.faces();
        int[] parts = model.faceParts();
        double bestZ = Double.NEGATIVE_INFINITY;
        int bestT = -1;
        double[] bestB = null;
        for (int t = 0; t < f.length / 3; t++) {
            if (parts[t] != SKIN) continue;
            int a = f[t * 3], b = f[t * 3 + 1], c = f[t * 3 + 2];
            if (mesh.get(a).lid == LID_INTERIOR || mesh.get(b).lid == LID_INTERIOR || mesh.get(c).lid == LID_INTERIOR) continue;
            double x0 = v[a * 3], y0 = v[a * 3 + 1], x1 = v[b * 3], y1 = v[b * 3 + 1], x2 = v[c * 3], y2 = v[c * 3 + 1];
            double den = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2);
            if (StrictMath.abs(den) < 1e-14) continue;
            double w0 = ((y1 - y2) * (x - x2) + (x2 - x1) * (y - y2)) / den;
            double w1 = ((y2 - y0) * (x - x2) + (x0 - x2) * (y - y2)) / den;
            double w2 = 1 - w0 - w1;
            if (w0 < -1e-9 || w1 < -1e-9 || w2 < -1e-9) continue;
            double z = w0 * v[a * 3 + 2] + w1 * v[b * 3 + 2] + w2 * v[c * 3 + 2];
            if (z > bestZ) {
                bestZ = z;
                bestT = t;
                bestB = new double[] {w0, w1, w2};
            }
        }
        if (bestT < 0) {
            // Outside the silhouette (jaw contour targets): step inward until the ray meets the skin.
            if (StrictMath.abs(x) < 1e-3) throw new IllegalStateException("landmark " + l + " misses the head at (" + x + ", " + y + ")");
            frontal(l, x * 0.97, y);
            return;
        }
        faces[l] = bestT;
        for (int c = 0; c < 3; c++) bary[l * 3 + c] = (float) bestB[c];
    }
}
