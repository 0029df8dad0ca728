package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Developer probe: renders OpenHead still frames the way the closed loop does (640x480, 30 degrees,
 * {@link SyntheticFaceVideo}'s camera) at a few jaw openings, smiles and puckers, runs the cascade
 * and dlib's predictor on a fresh detection, and writes a sheet of face crops with the 68 points
 * (mouth red, the rest green) and the model's own landmarks at the true parameters (cyan). Prints
 * the mouth check's ratios per tile. Args: OUT.png [yawDegrees].
 */
public final class MouthCropProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        double yawDeg = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        int w = 640, h = 480;
        double fov = Math.toRadians(30);
        RigEvaluator rig = new RigEvaluator(m);
        MeshRasterizer raster = new MeshRasterizer(w, h).lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, fov)
                .background(0x3a3f47);
        TrackingDataFiles files = TrackingDataFiles.fromEnvironment();
        DlibShapePredictor sp = DlibShapePredictor.load(files.locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).orElseThrow());
        int smileL = m.expressionIndex("mouthSmileLeft"), smileR = m.expressionIndex("mouthSmileRight");
        int pucker = m.expressionIndex("mouthPucker");
        String[] labels = {"jaw0", "jaw5", "jaw10", "jaw14", "jaw18", "smile.8", "smile.8 jaw10", "pucker.8", "pucker.8 jaw10", "smile.8 jaw18"};
        double[][] spec = {{0, 0, 0}, {5, 0, 0}, {10, 0, 0}, {14, 0, 0}, {18, 0, 0}, {0, .8, 0}, {10, .8, 0}, {0, 0, .8}, {10, 0, .8}, {18, .8, 0}};
        float[] verts = new float[m.vertexCount() * 3];
        float[] normals = new float[verts.length];
        int tw = Integer.getInteger("tile", 260), th = tw;
        List<BufferedImage> tiles = new ArrayList<>();
        try (FaceDetector det = new FaceDetector(files.locate(TrackingDataFiles.DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow())) {
            for (int s = 0; s < spec.length; s++) {
                FaceParams p = m.newParams();
                p.resetExpressionAndPose();
                p.setJointRotation(FaceModel.JAW, (float) Math.toRadians(spec[s][0]), 0, 0);
                p.setJointRotation(FaceModel.NECK, 0, (float) Math.toRadians(yawDeg), 0);
                p.setExpression(smileL, (float) spec[s][1]);
                p.setExpression(smileR, (float) spec[s][1]);
                p.setExpression(pucker, (float) spec[s][2]);
                rig.evaluate(p, verts);
                rig.computeNormals(verts, normals);
                BufferedImage img = raster.render(verts, m, normals);
                GreyImage grey = GreyImage.of(img);
                List<FaceBox> boxes = det.detect(grey);
                BufferedImage tile = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = tile.createGraphics();
                double[] truthPts = new double[136];
                float[] lm = new float[m.landmarkCount() * 3];
                rig.landmarks(verts, lm);
                for (int k = 0; k < 68; k++) {
                    double[] q = raster.project(lm[k * 3], lm[k * 3 + 1], lm[k * 3 + 2]);
                    truthPts[2 * k] = q[0];
                    truthPts[2 * k + 1] = q[1];
                }
                float[] tp = new float[136];
                for (int k = 0; k < 136; k++) tp[k] = (float) truthPts[k];
                FaceBox ideal = sp.boxFor(tp);
                FaceBox box = Boolean.getBoolean("idealBox") ? ideal : boxes.isEmpty() ? null : boxes.get(0);
                float[] pts = box == null ? null : sp.predict(grey.pixels(), w, h, box);
                for (int it = 0; pts != null && it < Integer.getInteger("refine", 0); it++) {
                    box = sp.boxFor(pts, 17, 48);
                    pts = sp.predict(grey.pixels(), w, h, box);
                }
                FaceBox used = box;
                boolean mouth = Boolean.getBoolean("mouth");
                double cx = truthPts[2 * (mouth ? 62 : 30)], cy = truthPts[2 * (mouth ? 62 : 30) + 1] + (mouth ? 0 : 20);
                double span = (mouth ? 0.8 : 1.6) * Math.hypot(truthPts[2 * 36] - truthPts[2 * 45], truthPts[2 * 37] - truthPts[2 * 46]);
                double scale = tw / span;
                int x0 = (int) (cx - span / 2), y0 = (int) (cy - span / 2);
                g.drawImage(img, 0, 0, tw, th, x0, y0, (int) (x0 + span), (int) (y0 + span), null);
                for (FaceBox b : new FaceBox[] {boxes.isEmpty() ? null : boxes.get(0), ideal, used}) {
                    if (b == null) continue;
                    g.setColor(b == ideal ? Color.BLUE : b == used ? Color.MAGENTA : Color.YELLOW);
                    g.drawRect((int) ((b.left() - x0) * scale), (int) ((b.top() - y0) * scale), (int) (b.width() * scale), (int) (b.height() * scale));
                }
                g.setColor(Color.CYAN);
                for (int k = 48; k < 68; k++) {
                    g.fillRect((int) ((truthPts[2 * k] - x0) * scale) - 1, (int) ((truthPts[2 * k + 1] - y0) * scale) - 1, 2, 2);
                }
                String ratio = "no face";
                if (pts != null) {
                    for (int k = 0; k < 68; k++) {
                        g.setColor(k >= 48 ? Color.RED : Color.GREEN);
                        g.fillRect((int) ((pts[2 * k] - x0) * scale) - 2, (int) ((pts[2 * k + 1] - y0) * scale) - 2, 4, 4);
                    }
                    double nose = dist(pts, 27, 33);
                    double iod = Math.hypot(truthPts[72] - truthPts[90], truthPts[73] - truthPts[91]), se = 0;
                    for (int k = 48; k < 68; k++) {
                        se += Math.pow(pts[2 * k] - truthPts[2 * k], 2) + Math.pow(pts[2 * k + 1] - truthPts[2 * k + 1], 2);
                    }
                    ratio = String.format(Locale.ROOT, "mouth RMS %.1f %%iod ", 100 * Math.sqrt(se / 20) / iod) + (boxes.isEmpty() ? "" : String.format(Locale.ROOT, "det %.0f,%.0f,%.0f ideal %.0f,%.0f,%.0f used %.0f,%.0f,%.0f ", boxes.get(0).left(), boxes.get(0).top(), boxes.get(0).width(), ideal.left(), ideal.top(), ideal.width(), used.left(), used.top(), used.width())) + String.format(Locale.ROOT, "lip %.2f/%.2f chin %.2f/%.2f", dist(pts, 33, 51) / nose,
                            dist(truthPts, 33, 51) / dist(truthPts, 27, 33), dist(pts, 33, 8) / nose, dist(truthPts, 33, 8) / dist(truthPts, 27, 33));
                }
                g.setColor(Color.WHITE);
                g.drawString(labels[s], 4, 14);
                g.drawString(ratio, 4, th - 6);
                g.dispose();
                System.out.println(labels[s] + ": " + ratio);
                tiles.add(tile);
            }
        }
        ProbeSheet.write(tiles, 5, Path.of(args[0]));
    }

    private static double dist(float[] p, int a, int b) {
        return Math.hypot(p[2 * a] - p[2 * b], p[2 * a + 1] - p[2 * b + 1]);
    }

    private static double dist(double[] p, int a, int b) {
        return Math.hypot(p[2 * a] - p[2 * b], p[2 * a + 1] - p[2 * b + 1]);
    }
}
