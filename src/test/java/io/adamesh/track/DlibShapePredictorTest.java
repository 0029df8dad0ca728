package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlibShapePredictorTest {
    @TempDir Path dir;

    /** dlib's integer encoding: control byte (sign bit 7, byte count in the low nibble), little-endian. */
    static void writeInt(ByteArrayOutputStream out, long v) {
        long mag = Math.abs(v);
        int n = 0;
        byte[] b = new byte[8];
        while (mag != 0) {
            b[n++] = (byte) (mag & 0xff);
            mag >>>= 8;
        }
        out.write((v < 0 ? 0x80 : 0) | n);
        out.write(b, 0, n);
    }

    static void writeFloat(ByteArrayOutputStream out, long mantissa, int exponent) {
        writeInt(out, mantissa);
        writeInt(out, exponent);
    }

    @Test void decodesDlibIntegersAndFloats() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, 0);
        writeInt(out, -300);
        writeInt(out, 70000);
        writeFloat(out, 3, -2);       // 0.75
        writeFloat(out, -5, 1);       // -10
        DlibDeserializer in = new DlibDeserializer(out.toByteArray());
        assertEquals(0, in.readInt());
        assertEquals(-300, in.readInt());
        assertEquals(70000, in.readInt());
        assertEquals(0.75f, in.readFloat());
        assertEquals(-10f, in.readFloat());
        assertThrows(IOException.class, in::readInt);
    }

    /** A hand-made one-part, one-level, one-tree model: the split sends bright pixels left. */
    @Test void runsTheCascadeOnAHandMadeModel() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, 1);                         // version
        writeInt(out, -2); writeInt(out, -1);     // initial shape 2x1: (0.5, 0.5)
        writeFloat(out, 1, -1); writeFloat(out, 1, -1);
        writeInt(out, 1);                         // one level
        writeInt(out, 1);                         // one tree
        writeInt(out, 1);                         // one split: f0 - f1 > 10
        writeInt(out, 0); writeInt(out, 1); writeFloat(out, 10, 0);
        writeInt(out, 2);                         // two leaves
        writeInt(out, -2); writeInt(out, -1); writeFloat(out, 1, -2); writeFloat(out, 0, 0);   // left: +0.25 x
        writeInt(out, -2); writeInt(out, -1); writeFloat(out, -1, -2); writeFloat(out, 0, 0);  // right: -0.25 x
        writeInt(out, 1); writeInt(out, 2); writeInt(out, 0); writeInt(out, 0);                // anchors
        writeInt(out, 1); writeInt(out, 2);                                                    // deltas
        writeFloat(out, 0, 0); writeFloat(out, 0, 0);       // feature 0 at the part itself
        writeFloat(out, 1, -2); writeFloat(out, 0, 0);      // feature 1: a quarter box to the right
        Path file = Files.write(dir.resolve("tiny.dat"), out.toByteArray());
        DlibShapePredictor sp = DlibShapePredictor.load(file);
        assertEquals(1, sp.partCount());
        byte[] grey = new byte[11 * 11];
        FaceBox box = new FaceBox(0, 0, 10, 10);
        grey[5 * 11 + 5] = (byte) 200;            // bright at the centre, dark to the right
        float[] p = sp.predict(grey, 11, 11, box);
        assertEquals(7.5f, p[0], 1e-5);           // (0.5 + 0.25) * 10
        assertEquals(5f, p[1], 1e-5);
        grey[5 * 11 + 5] = 0;
        p = sp.predict(grey, 11, 11, box);
        assertEquals(2.5f, p[0], 1e-5);
    }

    @Test void rejectsAFileThatIsNotAModel() throws Exception {
        Path file = Files.write(dir.resolve("junk.dat"), new byte[] {1, 9, 9});
        IOException e = assertThrows(IOException.class, () -> DlibShapePredictor.load(file));
        assertTrue(e.getMessage().contains("junk.dat"), e.getMessage());
    }

    @Test void similarityTransformRecoversScaleAndRotation() {
        float[] from = {0, 0, 1, 0, 0, 1, 1, 1};
        double s = 2, a = 0.3;
        float[] to = new float[8];
        for (int i = 0; i < 4; i++) {
            double x = from[2 * i], y = from[2 * i + 1];
            to[2 * i] = (float) (s * (Math.cos(a) * x - Math.sin(a) * y) + 5);
            to[2 * i + 1] = (float) (s * (Math.sin(a) * x + Math.cos(a) * y) - 1);
        }
        float[] m = DlibShapePredictor.similarityLinear(from, to);
        assertEquals(s * Math.cos(a), m[0], 1e-5);
        assertEquals(-s * Math.sin(a), m[1], 1e-5);
        assertEquals(s * Math.sin(a), m[2], 1e-5);
        assertEquals(s * Math.cos(a), m[3], 1e-5);
    }

    /**
     * The annotations of dlib's testing set were made by this very model (the XML says so), rounded
     * to whole pixels; reproducing dlib therefore means an NME of a fraction of a pixel.
     */
    @Test void reproducesDlibsPointsOnItsTestingFaces() throws Exception {
        DlibShapePredictor sp = DlibFaces.predictor();
        assertEquals(68, sp.partCount());
        LandmarkDataset data = LandmarkDataset.read(DlibFaces.testingXml());
        assertTrue(data.faces().size() >= 20, "faces: " + data.faces().size());
        LandmarkDataset.Accuracy acc = data.evaluate(sp);
        System.out.printf("dlib testing faces: %d faces, NME mean %.4f max %.4f, rounded NME %.4f, exact %.3f, %.0f faces/s%n",
                acc.faces(), acc.meanNme(), acc.maxNme(), acc.meanRoundedNme(), acc.exactFraction(), acc.facesPerSecond());
        // raw NME is dominated by the annotations' rounding to whole pixels (~0.38 px on ~25 px eyes)
        assertTrue(acc.meanNme() < 0.02, "mean NME " + acc.meanNme());
        assertTrue(acc.maxNme() < 0.03, "max NME " + acc.maxNme());
        // after rounding as dlib does, almost every point is dlib's own
        assertTrue(acc.exactFraction() > 0.9, "exact fraction " + acc.exactFraction());
        assertTrue(acc.meanRoundedNme() < 0.005, "rounded NME " + acc.meanRoundedNme());
    }
}
