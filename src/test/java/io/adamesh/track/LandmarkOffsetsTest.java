package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandmarkOffsetsTest {
    @TempDir Path dir;

    @Test void theBundledTableBelongsToTheShippedHeadAndMovesOnlyTheMouth() throws Exception {
        FaceModel head = LandmarkRigTest.openHead();
        LandmarkOffsets t = LandmarkOffsets.forModel(head);
        assertFalse(t.isEmpty(), "the bundled table was measured on another head: re-run LandmarkOffsetsTool (fingerprint now "
                + LandmarkOffsets.fingerprint(head) + ")");
        int[] expected = new int[20];
        for (int k = 0; k < 20; k++) {
            expected[k] = 48 + k;
        }
        assertArrayEquals(expected, t.landmarks());
        // dlib's points stay near the embedding: a few percent of the eye distance frontally, at most ~0.15 turned
        for (double yaw : new double[] {-30, 0, 30}) {
            for (int s = 0; s < 20; s++) {
                double[] o = t.offset(s, Math.toRadians(yaw));
                assertTrue(Math.hypot(o[0], o[1]) < (yaw == 0 ? 0.08 : 0.15), "offset of " + (48 + s) + " at yaw " + yaw);
            }
        }
    }

    @Test void anotherHeadGetsNoOffsets() throws Exception {
        FaceModel other = LandmarkRigTest.openHead();
        String before = LandmarkOffsets.fingerprint(other);
        float[] t = other.template();   // this test's own copy of the head, made 5 % larger
        for (int i = 0; i < t.length; i++) {
            t[i] *= 1.05f;
        }
        assertFalse(before.equals(LandmarkOffsets.fingerprint(other)));
        assertTrue(LandmarkOffsets.forModel(other).isEmpty());
        double[] out = new double[136];
        LandmarkOffsets.forModel(other).pixelOffsets(0.3, new float[136], out);
        assertArrayEquals(new double[136], out);
    }

    @Test void interpolatesBetweenYawsHoldsBeyondTheGridAndSurvivesAWriteAndRead() throws Exception {
        LandmarkOffsets t = new LandmarkOffsets("h", new double[] {-10, 0, 10}, new int[] {48, 54},
                new double[][][] {{{-0.1, 0}, {0, 0.2}}, {{0, 0}, {0, 0}}, {{0.1, 0.02}, {0, -0.2}}});
        assertArrayEquals(new double[] {0.05, 0.01}, t.offset(0, Math.toRadians(5)), 1e-12);
        assertArrayEquals(new double[] {0, 0.1}, t.offset(1, Math.toRadians(-5)), 1e-12);
        assertArrayEquals(new double[] {0.1, 0.02}, t.offset(0, Math.toRadians(40)), 1e-12);
        assertArrayEquals(new double[] {-0.1, 0}, t.offset(0, Math.toRadians(-90)), 1e-12);
        Path file = dir.resolve("offsets.json");
        t.write(file, "test");
        LandmarkOffsets back = LandmarkOffsets.read(new ObjectMapper().readTree(file.toFile()));
        for (double yaw : new double[] {-12, -3, 0, 7, 12}) {
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(t.offset(s, Math.toRadians(yaw)), back.offset(s, Math.toRadians(yaw)), 1e-4);
            }
        }
    }

    /** Offsets are in the observed eye frame: they turn with the face's roll and scale with its size. */
    @Test void pixelOffsetsFollowTheEyeLine() {
        LandmarkOffsets t = new LandmarkOffsets("h", new double[] {0}, new int[] {48}, new double[][][] {{{0.1, -0.05}}});
        float[] level = new float[136];
        level[72] = 100; level[73] = 200; level[90] = 300; level[91] = 200;      // eye corners 200 px apart, level
        double[] out = new double[136];
        t.pixelOffsets(0, level, out);
        assertEquals(20, out[96], 1e-9);
        assertEquals(-10, out[97], 1e-9);
        float[] rolled = new float[136];
        rolled[72] = 0; rolled[73] = 0; rolled[90] = 0; rolled[91] = 100;         // 100 px apart, rolled 90 degrees
        t.pixelOffsets(0, rolled, out);
        assertEquals(5, out[96], 1e-9);
        assertEquals(10, out[97], 1e-9);
        double[] back = LandmarkOffsets.toEyeFrame(rolled, out[96], out[97]);
        assertArrayEquals(new double[] {0.1, -0.05}, back, 1e-12);
    }

    @Test void aDamagedTableSaysWhatIsWrong() throws Exception {
        ObjectMapper json = new ObjectMapper();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LandmarkOffsets.read(json.readTree(
                "{\"head\":\"h\",\"yaw_degrees\":[0,-5],\"landmarks\":[48],\"offsets\":[[[0,0]],[[0,0]]]}")));
        assertTrue(e.getMessage().contains("increase"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LandmarkOffsets.read(json.readTree(
                "{\"head\":\"h\",\"yaw_degrees\":[0],\"landmarks\":[48,54],\"offsets\":[[[0,0]]]}")));
        assertTrue(e.getMessage().contains("has 1 points, not 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LandmarkOffsets.read(json.readTree(
                "{\"head\":\"h\",\"yaw_degrees\":[0],\"landmarks\":[70],\"offsets\":[[[0,0]]]}")));
        assertTrue(e.getMessage().contains("70"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LandmarkOffsets.read(json.readTree("{\"head\":\"h\"}")));
        assertTrue(e.getMessage().contains("needs"), e.getMessage());
    }
}
