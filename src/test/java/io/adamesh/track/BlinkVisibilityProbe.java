package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import java.nio.file.Path;
import java.util.List;

/** Developer probe: eye aspect ratio of dlib's points on OpenHead renders, eyes open vs closed. */
public final class BlinkVisibilityProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        RigEvaluator rig = new RigEvaluator(m);
        DlibShapePredictor predictor = DlibShapePredictor.load(TrackingDataFiles.fromEnvironment().locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).orElseThrow());
        FaceDetector detector = new FaceDetector(TrackingDataFiles.fromEnvironment().locate(TrackingDataFiles.DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow());
        float[] v = new float[m.vertexCount() * 3], n = new float[v.length];
        for (float blink : new float[] {0, 0.5f, 1}) {
            FaceParams p = m.newParams();
            p.setExpression(m.expressionIndex("eyeBlinkLeft"), blink);
            p.setExpression(m.expressionIndex("eyeBlinkRight"), blink);
            rig.evaluate(p, v);
            rig.computeNormals(v, n);
            MeshRasterizer r = new MeshRasterizer(640, 480).lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, Math.toRadians(30)).background(0x3a3f47);
            GreyImage g = GreyImage.of(r.render(v, m, n));
            List<FaceBox> boxes = detector.detect(g);
            float[] pts = predictor.predict(g.pixels(), 640, 480, boxes.get(0));
            System.out.printf("blink %.1f: EAR right %.3f left %.3f%n", blink, ear(pts, 36), ear(pts, 42));
        }
    }

    static double ear(float[] p, int o) {
        double v1 = Math.hypot(p[(o + 1) * 2] - p[(o + 5) * 2], p[(o + 1) * 2 + 1] - p[(o + 5) * 2 + 1]);
        double v2 = Math.hypot(p[(o + 2) * 2] - p[(o + 4) * 2], p[(o + 2) * 2 + 1] - p[(o + 4) * 2 + 1]);
        double h = Math.hypot(p[o * 2] - p[(o + 3) * 2], p[o * 2 + 1] - p[(o + 3) * 2 + 1]);
        return (v1 + v2) / (2 * h);
    }
}
