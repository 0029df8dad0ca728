package io.adamesh.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class RigEvaluatorTest {
    private static final float EPS = 1e-6f;
    private static final float HALF_PI = (float) (Math.PI / 2);

    private static float[] eval(FaceModel m, FaceParams p) {
        float[] out = new float[m.vertexCount() * 3];
        new RigEvaluator(m).evaluate(p, out);
        return out;
    }

    @Test
    void restPoseReproducesTheTemplate() {
        FaceModel m = TinyModels.tiny(null);
        assertArrayEquals(m.template(), eval(m, m.newParams()), EPS);
    }

    @Test
    void singleBlendShapeMovesOnlyItsVertex() {
        FaceModel m = TinyModels.tiny(null);
        FaceParams p = m.newParams();
        p.setExpression(0, 0.5f);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0.5f, 0, 0, 1}, eval(m, p), EPS);
    }

    @Test
    void jawRotationTurnsItsVerticesAboutTheJawJoint() {
        // Jaw joint at v1 = (1,0,0). v2 = (0,1,0) is relative (-1,1,0); 90 degrees about z gives (-1,-1,0).
        FaceModel m = TinyModels.tiny(null);
        FaceParams p = m.newParams();
        p.setJointRotation(FaceModel.JAW, 0, 0, HALF_PI);
        float[] v = eval(m, p);
        assertArrayEquals(new float[] {0, -1, 0}, new float[] {v[6], v[7], v[8]}, EPS);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0}, java.util.Arrays.copyOf(v, 6), EPS, "root and neck vertices stay");
    }

    @Test
    void rootRotationAndTranslationMoveEverything() {
        FaceModel m = TinyModels.tiny(null);
        FaceParams p = m.newParams();
        p.setJointRotation(FaceModel.ROOT, 0, HALF_PI, 0); // about y: x -> -z, z -> x
        p.translation()[0] = 0.5f;
        float[] v = eval(m, p);
        assertArrayEquals(new float[] {0.5f, 0, 0, 0.5f, 0, -1, 0.5f, 1, 0, 1.5f, 0, 0}, v, EPS);
    }

    @Test
    void rotationsComposeDownTheKinematicChain() {
        // Neck 90 degrees about z (at the origin), then jaw 90 degrees about z (at v1): v2 turns 180 in all.
        FaceModel m = TinyModels.tiny(null);
        FaceParams p = m.newParams();
        p.setJointRotation(FaceModel.NECK, 0, 0, HALF_PI);
        p.setJointRotation(FaceModel.JAW, 0, 0, HALF_PI);
        float[] v = eval(m, p);
        // Jaw joint after the neck: (0,1,0). v2 relative to the jaw rest (-1,1,0) turned 180: (1,-1,0).
        assertArrayEquals(new float[] {1, 0, 0}, new float[] {v[6], v[7], v[8]}, EPS);
        assertArrayEquals(new float[] {0, 1, 0}, new float[] {v[3], v[4], v[5]}, EPS);
    }

    @Test
    void identityMovesTheJointsItRegresses() {
        // Identity widens v1 to (2,0,0); the jaw joint follows, so the jaw now pivots about (2,0,0).
        FaceModel m = TinyModels.tiny(null);
        FaceParams p = m.newParams();
        p.setShape(0, 1f);
        p.setJointRotation(FaceModel.JAW, 0, 0, HALF_PI);
        float[] v = eval(m, p);
        assertArrayEquals(new float[] {1, -2, 0}, new float[] {v[6], v[7], v[8]}, EPS);
        RigEvaluator rig = new RigEvaluator(m);
        rig.evaluate(p, new float[12]);
        assertArrayEquals(new float[] {2, 0, 0}, java.util.Arrays.copyOfRange(rig.posedJoints(), 6, 9), EPS);
    }

    @Test
    void identityChangeIsSeenByACachingEvaluator() {
        FaceModel m = TinyModels.tiny(null);
        RigEvaluator rig = new RigEvaluator(m);
        FaceParams p = m.newParams();
        float[] v = new float[12];
        rig.evaluate(p, v);
        p.setShape(0, 0.25f);
        rig.evaluate(p, v);
        assertEquals(1.25f, v[3], EPS);
    }

    @Test
    void poseCorrectivesFollowFlamesRotationFeature() {
        // Feature (jaw - 1) * 9 + 7 is R[2][1] - 0 = sin(angle) for a rotation about x; its direction lifts v0.
        float[][] pd = new float[36][12];
        pd[(FaceModel.JAW - 1) * 9 + 7][1] = 1f;
        FaceModel m = TinyModels.tiny(pd);
        FaceParams p = m.newParams();
        float angle = 0.3f;
        p.setJointRotation(FaceModel.JAW, angle, 0, 0);
        float[] v = eval(m, p);
        assertEquals(Math.sin(angle), v[1], 1e-6);
    }

    @Test
    void normalsOfATriangleFaceOutward() {
        FaceModel m = TinyModels.tiny(null);
        RigEvaluator rig = new RigEvaluator(m);
        float[] n = new float[12];
        rig.computeNormals(m.template(), n);
        // v1 only touches triangle (0,1,2) in the z = 0 plane, counter-clockwise from +z.
        assertArrayEquals(new float[] {0, 0, 1}, new float[] {n[3], n[4], n[5]}, EPS);
        for (int i = 0; i < 4; i++) assertEquals(1, Math.sqrt(n[i * 3] * n[i * 3] + n[i * 3 + 1] * n[i * 3 + 1] + n[i * 3 + 2] * n[i * 3 + 2]), 1e-5);
    }

    @Test
    void landmarksAreBarycentricCombinations() {
        FaceModel m = TinyModels.tiny(null);
        float[] out = new float[6];
        new RigEvaluator(m).landmarks(m.template(), out);
        // Landmark 0: face 0 corner 0 = v0. Landmark 1: face 1 = (v0, v2, v3) with (0.2, 0.3, 0.5).
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.3f, 0.5f}, out, EPS);
    }

    @Test
    void wrongParametersAreRefused() {
        FaceModel m = TinyModels.tiny(null);
        RigEvaluator rig = new RigEvaluator(m);
        assertThrows(IllegalArgumentException.class, () -> rig.evaluate(new FaceParams(2, 1, 5), new float[12]));
        assertThrows(IllegalArgumentException.class, () -> rig.evaluate(m.newParams(), new float[3]));
    }

    @Test
    void evaluationAllocatesNothingPerFrame() throws Exception {
        FaceModel m = FaceModel.load(OpenHeadTest.assetPath());
        RigEvaluator rig = new RigEvaluator(m);
        FaceParams p = m.newParams();
        float[] v = new float[m.vertexCount() * 3], n = new float[v.length];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200; i++) { p.setExpression(i % 43, 0.5f); rig.evaluate(p, v); rig.computeNormals(v, n); }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 500; i++) {
            p.setExpression(i % 43, (i % 7) / 7f);
            p.setJointRotation(FaceModel.JAW, (i % 5) * 0.05f, 0, 0);
            rig.evaluate(p, v);
            rig.computeNormals(v, n);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 16_384, "500 evaluations allocated " + allocated + " bytes");
    }
}
