package io.adamesh.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir Path dir;

    static String python() {
        String p = System.getProperty("adamesh.python");
        if (p != null) return p;
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static String runPython(String script, Path cwd) throws Exception {
        Process pr = new ProcessBuilder(python(), "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes());
        assertTrue(pr.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, pr.exitValue(), "python (numpy) failed: " + out);
        return out.strip();
    }

    @Test
    void roundTripKeepsValuesShapesAndStrings() throws IOException {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("f", NpyArray.ofFloats(new float[] {1.5f, -2f, 3.25f, 0f, 1e-7f, 7f}, 2, 3));
        a.put("i", NpyArray.ofInts(new int[] {-1, 2, 300000}, 3));
        a.put("big", NpyArray.ofInts(new long[] {1L << 40}, 1));
        a.put("s", NpyArray.ofStrings(List.of("mouthSmileLeft", "é", "")));
        Path file = dir.resolve("t.npz");
        Npz.write(file, a);
        Map<String, NpyArray> b = Npz.read(file);
        assertArrayEquals(a.get("f").floats(), b.get("f").floats());
        assertArrayEquals(new int[] {2, 3}, b.get("f").shape());
        assertArrayEquals(new int[] {-1, 2, 300000}, b.get("i").ints());
        assertEquals(1L << 40, (long) b.get("big").floats()[0]);
        assertEquals(List.of("mouthSmileLeft", "é", ""), b.get("s").strings());
    }

    @Test
    void numpyReadsWhatWeWrite() throws Exception {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("v", NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        a.put("n", NpyArray.ofStrings(List.of("jawForward", "eyeBlinkLeft")));
        a.put("k", NpyArray.ofInts(new long[] {0xFFFF_FFFFL, 0, 0, 1}, 2, 2));
        Npz.write(dir.resolve("ours.npz"), a);
        String out = runPython("import numpy as np; d=np.load('ours.npz');"
                + "print(d['v'].shape, d['v'].dtype, float(d['v'][2,1]), list(d['n']), d['k'].dtype, int(d['k'][0,0]))", dir);
        assertEquals("(3, 2) float32 6.0 ['jawForward', 'eyeBlinkLeft'] int64 4294967295", out.replace("np.str_(", "").replace("')", "'"));
    }

    @Test
    void weReadWhatNumpyWrites() throws Exception {
        runPython("import numpy as np;"
                + "np.savez('theirs.npz', d=np.arange(6, dtype='<f8').reshape(2,3), f=np.asfortranarray(np.arange(6, dtype='<f4').reshape(2,3)),"
                + " u=np.array([4294967295, 1], dtype='<u4'), s=np.array(['root','neck']), b=np.array([True, False]))", dir);
        Map<String, NpyArray> b = Npz.read(dir.resolve("theirs.npz"));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, b.get("d").floats());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, b.get("f").floats(), "Fortran order is converted to C order");
        assertArrayEquals(new int[] {-1, 1}, b.get("u").ints(), "uint32 max reads as FLAME's root marker -1");
        assertEquals(List.of("root", "neck"), b.get("s").strings());
        assertArrayEquals(new int[] {1, 0}, b.get("b").ints());
    }

    @Test
    void corruptOrTruncatedFilesAreNamedInTheError() throws IOException {
        Path junk = dir.resolve("junk.npz");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        IOException e1 = assertThrows(IOException.class, () -> Npz.read(junk));
        assertTrue(e1.getMessage().contains("junk.npz"), e1.getMessage());

        Path good = dir.resolve("good.npz");
        Npz.write(good, Map.of("x", NpyArray.ofFloats(new float[1000], 1000)));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException e2 = assertThrows(IOException.class, () -> Npz.read(cut));
        assertTrue(e2.getMessage().contains("cut.npz"), e2.getMessage());

        FaceModelException e3 = assertThrows(FaceModelException.class, () -> FaceModel.load(dir.resolve("missing.npz")));
        assertTrue(e3.getMessage().contains("missing.npz") && e3.getMessage().contains("not found"), e3.getMessage());
    }

    @Test
    void aHeadWithAWrongShapeIsRefusedNamingTheArray() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>(TinyModels.tiny(null).toArrays());
        arrays.put("weights", NpyArray.ofFloats(new float[4 * 3], 4, 3));
        Path file = dir.resolve("bad-head.npz");
        Npz.write(file, arrays);
        FaceModelException e = assertThrows(FaceModelException.class, () -> FaceModel.load(file));
        assertTrue(e.getMessage().contains("bad-head.npz") && e.getMessage().contains("weights"), e.getMessage());
    }

    @Test
    void faceModelRoundTripsThroughNpz() throws IOException {
        FaceModel m = TinyModels.tiny(null);
        Path file = dir.resolve("tiny.npz");
        m.save(file);
        FaceModel back = FaceModel.load(file);
        assertArrayEquals(m.template(), back.template());
        assertArrayEquals(m.faces(), back.faces());
        assertArrayEquals(m.weights(), back.weights());
        assertArrayEquals(m.parents(), back.parents());
        assertEquals(m.expressionNames(), back.expressionNames());
        assertEquals(m.shapeNames(), back.shapeNames());
        assertArrayEquals(m.expressionDirs()[0], back.expressionDirs()[0]);
        assertArrayEquals(m.landmarkBary(), back.landmarkBary());
        assertEquals(64, back.checksum().length());
    }
}
