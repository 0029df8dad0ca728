package io.adamesh.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.openhead.OpenHeadGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded head: reproducible from code, FLAME-structured, and every shape doing what its name says. */
class OpenHeadTest {
    static FaceModel head;
    static RigEvaluator rig;

    static Path assetPath() {
        return Path.of(System.getProperty("adamesh.repo", ".")).resolve("assets/openhead.npz");
    }

    @BeforeAll
    static void load() throws Exception {
        head = FaceModel.load(assetPath());
        rig = new RigEvaluator(head);
    }

    private static float[] pose(String... settings) {
        FaceParams p = head.newParams();
        for (String s : settings) {
            String[] kv = s.split("=");
            float v = Float.parseFloat(kv[1]);
            switch (kv[0]) {
                case "jaw" -> p.setJointRotation(FaceModel.JAW, v, 0, 0);
                case "eyeYaw" -> {
                    p.setJointRotation(FaceModel.EYE_LEFT, 0, v, 0);
                    p.setJointRotation(FaceModel.EYE_RIGHT, 0, v, 0);
                }
                default -> {
                    int i = head.expressionIndex(kv[0]);
                    if (i < 0) i = -1 - head.shapeIndex(kv[0]);
                    if (i >= 0) p.setExpression(i, v); else p.setShape(-1 - i, v);
                }
            }
        }
        float[] v = new float[head.vertexCount() * 3];
        rig.evaluate(p, v);
        return v;
    }

    private static float[] landmarks(float[] v) {
        float[] l = new float[68 * 3];
        rig.landmarks(v, l);
        return l;
    }

    private static double dist(float[] l, int a, int b) {
        double dx = l[a * 3] - l[b * 3], dy = l[a * 3 + 1] - l[b * 3 + 1], dz = l[a * 3 + 2] - l[b * 3 + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static float y(float[] l, int i) { return l[i * 3 + 1]; }

    private static double dist2(float[] a, float[] b, int i) {
        double dx = a[i * 3] - b[i * 3], dy = a[i * 3 + 1] - b[i * 3 + 1], dz = a[i * 3 + 2] - b[i * 3 + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    @Test
    void committedAssetIsExactlyWhatTheGeneratorMakes(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve("openhead.npz");
        Path again = dir.resolve("again.npz");
        OpenHeadGenerator.generate().save(fresh);
        OpenHeadGenerator.generate().save(again);
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(again), "generation is deterministic to the byte");
        var committed = Npz.read(assetPath());
        var generated = Npz.read(fresh);
        assertEquals(committed.keySet(), generated.keySet());
        for (String key : committed.keySet()) {
            NpyArray a = committed.get(key), b = generated.get(key);
            assertArrayEquals(a.shape(), b.shape(), key);
            String stale = "assets/openhead.npz is stale in '" + key + "': regenerate it (docs/head-model.md)";
            switch (a.kind()) {
                case FLOAT -> assertArrayEquals(a.floats(), b.floats(), stale);
                case INT -> assertArrayEquals(a.ints(), b.ints(), stale);
                case STRING -> assertEquals(a.strings(), b.strings(), stale);
            }
        }
    }

    @Test
    void hasFlamesStructureAndSize() {
        assertTrue(head.vertexCount() > 4500 && head.vertexCount() < 7000, "vertices " + head.vertexCount());
        assertEquals(FaceModel.JOINT_NAMES, head.jointNames());
        assertArrayEquals(new int[] {-1, 0, 1, 1, 1}, head.parents());
        assertEquals(36, head.poseDirs().length);
        assertEquals(68, head.landmarkCount());
        assertTrue(head.partNames().containsAll(List.of("skin", "eye_left", "eye_right", "teeth", "mouth", "tongue")));
        for (int i = 0; i < head.vertexCount(); i++) {
            float s = 0;
            for (int j = 0; j < 5; j++) s += head.weights()[i * 5 + j];
            assertEquals(1f, s, 1e-5, "skinning weights of vertex " + i);
        }
    }

    @Test
    void expressionBasisHasTheArkitNamesTheIssueAsksFor() {
        List<String> required = List.of("mouthClose", "mouthFunnel", "mouthPucker", "mouthLeft", "mouthRight",
                "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft", "mouthFrownRight", "mouthDimpleLeft", "mouthDimpleRight",
                "mouthStretchLeft", "mouthStretchRight", "mouthRollUpper", "mouthRollLower", "mouthShrugUpper", "mouthShrugLower",
                "mouthPressLeft", "mouthPressRight", "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft",
                "mouthUpperUpRight", "cheekPuff", "cheekSquintLeft", "cheekSquintRight", "noseSneerLeft", "noseSneerRight",
                "browDownLeft", "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight", "eyeBlinkLeft",
                "eyeBlinkRight", "eyeSquintLeft", "eyeSquintRight", "eyeWideLeft", "eyeWideRight", "jawForward");
        assertTrue(head.expressionNames().containsAll(required), "missing: " + required.stream().filter(n -> !head.expressionNames().contains(n)).toList());
        for (int k = 0; k < head.expressionNames().size(); k++) {
            double max = 0;
            for (float d : head.expressionDirs()[k]) max = Math.max(max, Math.abs(d));
            assertTrue(max > 0.0015 && max < 0.04, head.expressionNames().get(k) + " moves at most " + max + " m");
        }
    }

    @Test
    void lipsAreClosedAtRestAndPartWhenTheJawOpens() {
        float[] rest = landmarks(pose());
        assertTrue(dist(rest, 62, 66) < 1e-4, "inner lips touch at rest: " + dist(rest, 62, 66));
        float[] open = landmarks(pose("jaw=0.25"));
        assertTrue(dist(open, 62, 66) > 0.010, "jaw open 14 degrees parts the lips by " + dist(open, 62, 66));
        assertTrue(y(open, 8) < y(rest, 8) - 0.005 && dist2(open, rest, 8) > 0.015, "the chin swings down and back with the jaw");
        assertEquals(y(rest, 51), y(open, 51), 1e-4, "the upper lip stays with the skull");
    }

    @Test
    void eyesRotateRigidlyOnTheirJoints() {
        float[] rest = pose();
        float[] turned = pose("eyeYaw=0.4");
        rig.evaluate(head.newParams(), new float[head.vertexCount() * 3]);
        float[] joints = rig.posedJoints().clone();
        int moved = 0;
        for (int i = 0; i < head.vertexCount(); i++) {
            int part = -1;
            for (int j = 3; j <= 4; j++) if (head.weights()[i * 5 + j] == 1f) part = j;
            if (part < 0) continue;
            double r0 = 0, r1 = 0, d = 0;
            for (int k = 0; k < 3; k++) {
                r0 += Math.pow(rest[i * 3 + k] - joints[part * 3 + k], 2);
                r1 += Math.pow(turned[i * 3 + k] - joints[part * 3 + k], 2);
                d += Math.pow(turned[i * 3 + k] - rest[i * 3 + k], 2);
            }
            assertEquals(Math.sqrt(r0), Math.sqrt(r1), 1e-6, "distance to the eye centre is kept");
            assertTrue(Math.sqrt(r0) < 0.0131, "eyeball vertex within the eyeball");
            if (Math.sqrt(d) > 0.002) moved++;
        }
        assertTrue(moved > 200, "the eyeballs turned (" + moved + " vertices moved)");
    }

    @Test
    void blinkClosesEachEyeSeparately() {
        float[] rest = landmarks(pose());
        assertTrue(dist(rest, 43, 47) > 0.005 && dist(rest, 37, 41) > 0.005, "eyes open at rest");
        float[] left = landmarks(pose("eyeBlinkLeft=1"));
        assertTrue(Math.abs(y(left, 43) - y(left, 47)) < 5e-4 && Math.abs(y(left, 44) - y(left, 46)) < 5e-4,
                "left lids meet: gaps " + (y(left, 43) - y(left, 47)) + ", " + (y(left, 44) - y(left, 46)));
        assertTrue(dist(left, 43, 47) < 0.0012 && dist(left, 44, 46) < 0.0012, "left lid pairs touch");
        assertEquals(dist(rest, 37, 41), dist(left, 37, 41), 1e-5, "the right eye stays open");
        assertTrue(landmarks(pose("eyeWideLeft=1"))[43 * 3 + 1] > rest[43 * 3 + 1] + 0.001, "eyeWide lifts the upper lid");
        float[] squint = landmarks(pose("eyeSquintLeft=1"));
        assertTrue(dist(squint, 43, 47) < 0.7 * dist(rest, 43, 47), "eyeSquint narrows the eye");
    }

    @Test
    void mouthShapesMoveTheLipsTheWayTheirNamesSay() {
        float[] rest = landmarks(pose());
        float[] smile = landmarks(pose("mouthSmileLeft=1"));
        assertTrue(y(smile, 54) > y(rest, 54) + 0.003, "smile lifts the left corner (54)");
        assertEquals(y(rest, 48), y(smile, 48), 5e-4, "and not the right one (48)");
        float[] frown = landmarks(pose("mouthFrownRight=1"));
        assertTrue(y(frown, 48) < y(rest, 48) - 0.003, "frown lowers the right corner");
        float[] pucker = landmarks(pose("mouthPucker=1"));
        assertTrue(dist(pucker, 48, 54) < 0.8 * dist(rest, 48, 54), "pucker narrows the mouth");
        assertTrue(pucker[62 * 3 + 2] > rest[62 * 3 + 2] + 0.004, "pucker pushes the lips forward");
        float[] funnel = landmarks(pose("mouthFunnel=1"));
        assertTrue(dist(funnel, 62, 66) > 0.004, "funnel opens the lips");
        float[] open = landmarks(pose("jaw=0.25"));
        float[] closed = landmarks(pose("jaw=0.25", "mouthClose=1"));
        assertTrue(dist(closed, 62, 66) < 0.5 * dist(open, 62, 66), "mouthClose brings the lips together with the jaw open");
        float[] left = landmarks(pose("mouthLeft=1"));
        assertTrue(left[51 * 3] > 0.005, "mouthLeft moves the mouth to the subject's left (+x)");
        float[] lowerDown = landmarks(pose("mouthLowerDownLeft=1"));
        assertTrue(y(lowerDown, 56) < y(rest, 56) - 0.003, "mouthLowerDownLeft pulls the left lower lip down");
        float[] jawFwd = landmarks(pose("jawForward=1"));
        assertTrue(jawFwd[8 * 3 + 2] > rest[8 * 3 + 2] + 0.004, "jawForward moves the chin forward");
    }

    @Test
    void browShapesMoveTheBrows() {
        float[] rest = landmarks(pose());
        float[] inner = landmarks(pose("browInnerUp=1"));
        assertTrue(y(inner, 21) > y(rest, 21) + 0.003 && y(inner, 22) > y(rest, 22) + 0.003, "inner brows rise");
        float[] down = landmarks(pose("browDownLeft=1"));
        assertTrue(y(down, 24) < y(rest, 24) - 0.003, "left brow lowers");
        assertEquals(y(rest, 19), y(down, 19), 5e-4, "right brow stays");
        float[] outer = landmarks(pose("browOuterUpRight=1"));
        assertTrue(y(outer, 17) > y(rest, 17) + 0.003, "right outer brow rises");
    }

    @Test
    void landmarksAreInDlibOrderAndMirrorSymmetric() {
        float[] l = landmarks(pose());
        int[][] mirror = {{0, 16}, {4, 12}, {17, 26}, {21, 22}, {36, 45}, {39, 42}, {31, 35}, {48, 54}, {50, 52}, {58, 56}, {60, 64}};
        for (int[] m : mirror) {
            assertTrue(l[m[0] * 3] < 0 && l[m[1] * 3] > 0, "landmark " + m[0] + " is on the subject's right (-x)");
            assertEquals(-l[m[0] * 3], l[m[1] * 3], 1e-3, "landmarks " + m[0] + "/" + m[1] + " mirror in x");
            assertEquals(y(l, m[0]), y(l, m[1]), 1e-3, "landmarks " + m[0] + "/" + m[1] + " mirror in y");
        }
        assertTrue(y(l, 19) > y(l, 37) && y(l, 37) > y(l, 30) && y(l, 30) > y(l, 51) && y(l, 51) > y(l, 57) && y(l, 57) > y(l, 8),
                "brow above eye above nose tip above lips above chin");
        assertTrue(l[30 * 3 + 2] > l[27 * 3 + 2] + 0.01, "the nose tip sticks out beyond the bridge");
        for (int i = 1; i <= 8; i++) assertTrue(y(l, i) < y(l, i - 1), "jaw line descends to the chin at " + i);
    }

    @Test
    void identityShapesChangeTheHead() {
        float[] base = pose();
        float[] wide = pose("headWidth=1");
        assertTrue(Math.abs(wide[0] - base[0]) > 1e-6 || maxDelta(base, wide) > 0.001, "headWidth changes the head");
        rig.evaluate(head.newParams(), new float[base.length]);
        float eyeGap = rig.posedJoints()[3 * 3] - rig.posedJoints()[4 * 3];
        FaceParams p = head.newParams();
        p.setShape(head.shapeIndex("eyeSpacing"), 2f);
        rig.evaluate(p, new float[base.length]);
        float wider = rig.posedJoints()[3 * 3] - rig.posedJoints()[4 * 3];
        assertTrue(wider > eyeGap + 0.004, "eyeSpacing moves the eye joints apart: " + eyeGap + " -> " + wider);
        for (String s : head.shapeNames()) assertTrue(maxDelta(base, pose(s + "=1")) > 0.001, s + " changes the head");
    }

    private static double maxDelta(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
