package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LandmarkRigTest {
    static FaceModel openHead() throws Exception {
        return FaceModel.load(Path.of("assets/openhead.npz"));
    }

    @Test void agreesWithTheFullRigOnRandomParameters() throws Exception {
        FaceModel model = openHead();
        RigEvaluator rig = new RigEvaluator(model);
        LandmarkRig lr = new LandmarkRig(model);
        Random r = new Random(7);
        float[] verts = new float[model.vertexCount() * 3];
        float[] expected = new float[model.landmarkCount() * 3];
        double[] got = new double[expected.length];
        for (int trial = 0; trial < 5; trial++) {
            FaceParams p = model.newParams();
            double[] shape = new double[p.shapeCount()], expr = new double[p.expressionCount()];
            double[] pose = new double[p.jointCount() * 3], tr = new double[3];
            for (int i = 0; i < shape.length; i++) { shape[i] = r.nextGaussian() * 0.5; p.setShape(i, (float) shape[i]); }
            for (int i = 0; i < expr.length; i++) { expr[i] = r.nextDouble() * 0.6; p.setExpression(i, (float) expr[i]); }
            for (int i = 0; i < pose.length; i++) { pose[i] = r.nextGaussian() * 0.15; p.pose()[i] = (float) pose[i]; }
            for (int i = 0; i < 3; i++) { tr[i] = r.nextGaussian() * 0.05; p.translation()[i] = (float) tr[i]; }
            rig.evaluate(p, verts);
            rig.landmarks(verts, expected);
            lr.evaluate(shape, expr, pose, tr, got);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 2e-5, "coordinate " + i + " trial " + trial);
            }
        }
    }
}
