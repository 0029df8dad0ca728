package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import io.adamesh.track.TrackingDataFiles.DataFile;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The landmark tracker's boxes on OpenHead renders (640x480, the closed loop's camera): a mouth
 * opening and closing again, followed frame by frame, keeps dlib's mouth on the mouth. The check is
 * {@link RigFitter#mouthPlausible}'s, against the model's own landmarks at the true parameters:
 * nose-to-upper-lip over the nose length at least 0.8 of the truth's, nose-to-chin at least 0.9.
 */
class LandmarkTrackerTest {
    @Test void rigidBoxIgnoresTheMouthAndChin() throws Exception {
        DlibShapePredictor sp = DlibFaces.predictor();
        float[] pts = render(LandmarkRigTest.openHead(), 0).truth;
        FaceBox before = sp.boxFor(pts, LandmarkTracker.RIGID_FROM, LandmarkTracker.RIGID_END);
        FaceBox inner = sp.boxFor(pts);
        for (int k = 0; k < 68; k++) {
            if (k <= 16 || k >= 48) {
                pts[2 * k + 1] -= 40;      // mouth and chin points moved up onto the nose
            }
        }
        FaceBox after = sp.boxFor(pts, LandmarkTracker.RIGID_FROM, LandmarkTracker.RIGID_END);
        assertEquals(before.left(), after.left(), 1e-9);
        assertEquals(before.top(), after.top(), 1e-9);
        assertEquals(before.width(), after.width(), 1e-9);
        assertTrue(sp.boxFor(pts).bottom() < inner.bottom() - 10, "a box fitted to all inner points follows the mouth");
    }

    @Test void mouthStaysOnTheMouthWhileTheJawOpensAndCloses() throws Exception {
        DlibShapePredictor sp = DlibFaces.predictor();
        FaceModel model = LandmarkRigTest.openHead();
        Path cascade = TrackingDataFiles.fromEnvironment().locate(DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow();
        double[] jawDeg = {0, 4, 8, 12, 15, 18, 18, 15, 12, 8, 4, 0};
        try (FaceDetector det = new FaceDetector(cascade)) {
            LandmarkTracker tracker = new LandmarkTracker(det, sp, 5);
            StringBuilder log = new StringBuilder();
            int bad = 0;
            for (double jaw : jawDeg) {
                Frame f = render(model, jaw);
                float[] got = tracker.next(f.grey);
                assertNotNull(got, "jaw " + jaw);
                double lip = ratio(got, 51) / ratio(f.truth, 51), chin = ratio(got, 8) / ratio(f.truth, 8);
                log.append(String.format(Locale.ROOT, " %.0f:%.2f/%.2f", jaw, lip, chin));
                if (lip < 0.8 || chin < 0.9) {
                    bad++;
                }
            }
            System.out.println("tracked mouth, jaw deg: lip/chin ratio over truth" + log);
            assertEquals(0, bad, "frames whose mouth left the mouth:" + log);
        }
    }

    /** Distance from the nose tip (33) to point {@code k}, over the nose length (27-33). */
    private static double ratio(float[] p, int k) {
        return Math.hypot(p[2 * k] - p[66], p[2 * k + 1] - p[67]) / Math.hypot(p[54] - p[66], p[55] - p[67]);
    }

    private record Frame(GreyImage grey, float[] truth) {}

    private static Frame render(FaceModel model, double jawDeg) {
        RigEvaluator rig = new RigEvaluator(model);
        MeshRasterizer raster = new MeshRasterizer(640, 480)
                .lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, Math.toRadians(30)).background(0x3a3f47);
        FaceParams p = model.newParams();
        p.setJointRotation(FaceModel.JAW, (float) Math.toRadians(jawDeg), 0, 0);
        float[] verts = new float[model.vertexCount() * 3];
        float[] normals = new float[verts.length];
        float[] lm = new float[model.landmarkCount() * 3];
        rig.evaluate(p, verts);
        rig.computeNormals(verts, normals);
        rig.landmarks(verts, lm);
        float[] truth = new float[136];
        for (int k = 0; k < 68; k++) {
            double[] q = raster.project(lm[3 * k], lm[3 * k + 1], lm[3 * k + 2]);
            truth[2 * k] = (float) q[0];
            truth[2 * k + 1] = (float) q[1];
        }
        return new Frame(GreyImage.of(raster.render(verts, model, normals)), truth);
    }
}
