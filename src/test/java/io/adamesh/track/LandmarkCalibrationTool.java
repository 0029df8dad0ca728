package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.openhead.OpenHeadGenerator;
import io.adamesh.face.render.MeshRasterizer;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Developer tool (not a test): finds where dlib's 68-point predictor puts its landmarks on OpenHead
 * renders, back-projects each point onto the rest-pose skin, averages over a few head poses and
 * mirrors left/right, and prints frontal (x, y) targets for {@code LandmarkEmbedding}. Re-run it when
 * the head's shape changes: {@code java -cp target/classes:target/test-classes:target/lib/*
 * io.adamesh.track.LandmarkCalibrationTool}.
 */
public final class LandmarkCalibrationTool {
    private static final int[] MIRROR = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
            26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 27, 28, 29, 30, 35, 34, 33, 32, 31,
            45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40, 54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55,
            64, 63, 62, 61, 60, 67, 66, 65};

    public static void main(String[] args) throws Exception {
        FaceModel m = OpenHeadGenerator.generate();
        RigEvaluator rig = new RigEvaluator(m);
        DlibShapePredictor predictor = DlibShapePredictor.load(TrackingDataFiles.fromEnvironment().locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).orElseThrow());
        FaceDetector detector = new FaceDetector(TrackingDataFiles.fromEnvironment().locate(TrackingDataFiles.DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow());
        int w = 640, h = 480;
        double[][] sum = new double[68][3];
        int[] count = new int[68];
        float[] v = new float[m.vertexCount() * 3], n = new float[v.length];
        for (double yaw : new double[] {-0.12, 0, 0.12}) {
            for (double pitch : new double[] {-0.08, 0, 0.08}) {
                FaceParams p = m.newParams();
                p.setJointRotation(FaceModel.NECK, (float) pitch, (float) yaw, 0);
                rig.evaluate(p, v);
                rig.computeNormals(v, n);
                MeshRasterizer r = new MeshRasterizer(w, h).lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, Math.toRadians(30)).background(0x3a3f47);
                BufferedImage img = r.render(v, m, n);
                GreyImage grey = GreyImage.of(img);
                List<FaceBox> boxes = detector.detect(grey);
                if (boxes.isEmpty()) { System.err.println("no face at yaw " + yaw + " pitch " + pitch); continue; }
                FaceBox box = boxes.stream().max((a, b) -> Double.compare(a.width() * a.height(), b.width() * b.height())).get();
                float[] pts = predictor.predict(grey.pixels(), w, h, box);
                for (int l = 0; l < 68; l++) {
                    double[] rest = backProject(r, m, v, pts[l * 2], pts[l * 2 + 1]);
                    if (rest == null) continue;
                    for (int k = 0; k < 3; k++) sum[l][k] += rest[k];
                    count[l]++;
                }
            }
        }
        StringBuilder out = new StringBuilder("    static final double[][] DLIB_TARGETS = {\n");
        for (int l = 0; l < 68; l++) {
            int j = MIRROR[l];
            double x = (sum[l][0] / count[l] - sum[j][0] / count[j]) / 2;
            double y = (sum[l][1] / count[l] + sum[j][1] / count[j]) / 2;
            if (l == j) x = 0;
            out.append(String.format("            {%.4f, %.4f}, // %d (%d renders)%n", x, y, l, count[l]));
        }
        System.out.println(out.append("    };"));
    }

    /** Rest-pose point on the frontmost skin triangle under a pixel, or null. */
    private static double[] backProject(MeshRasterizer r, FaceModel m, float[] posed, double px, double py) {
        int[] f = m.faces();
        int[] parts = m.faceParts();
        float[] rest = m.template();
        double bestDepth = Double.MAX_VALUE;
        double[] best = null;
        for (int t = 0; t < f.length / 3; t++) {
            if (parts[t] != 0) continue;
            double[][] s = new double[3][];
            for (int c = 0; c < 3; c++) s[c] = r.project(posed[f[t * 3 + c] * 3], posed[f[t * 3 + c] * 3 + 1], posed[f[t * 3 + c] * 3 + 2]);
            double area = (s[1][0] - s[0][0]) * (s[2][1] - s[0][1]) - (s[2][0] - s[0][0]) * (s[1][1] - s[0][1]);
            if (area >= 0) continue;
            double w0 = ((s[1][0] - px) * (s[2][1] - py) - (s[2][0] - px) * (s[1][1] - py)) / area;
            double w1 = ((s[2][0] - px) * (s[0][1] - py) - (s[0][0] - px) * (s[2][1] - py)) / area;
            double w2 = 1 - w0 - w1;
            if (w0 < 0 || w1 < 0 || w2 < 0) continue;
            double depth = w0 * s[0][2] + w1 * s[1][2] + w2 * s[2][2];
            if (depth >= bestDepth) continue;
            bestDepth = depth;
            best = new double[3];
            for (int k = 0; k < 3; k++) {
                best[k] = w0 * rest[f[t * 3] * 3 + k] + w1 * rest[f[t * 3 + 1] * 3 + k] + w2 * rest[f[t * 3 + 2] * 3 + k];
            }
        }
        return best;
    }
}
