package io.adamesh.face.flame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceModelKind;
import io.adamesh.face.FaceParams;
import io.adamesh.face.NpyArray;
import io.adamesh.face.Npz;
import io.adamesh.face.RigEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * FLAME files with FLAME 2020's exact structure (made at test time by make_flame.py, with a stand-in
 * chumpy) load into a FaceModel whose rig matches a numpy implementation of FLAME's forward pass.
 */
class FlameLoaderTest {
    @TempDir static Path dir;
    static Map<String, NpyArray> reference;

    @BeforeAll
    static void makeFiles() throws Exception {
        Path script = PythonRunner.resource("make_flame.py", dir);
        Path pythonPath = PythonRunner.fakeChumpy(dir);
        assertEquals("ok", PythonRunner.run(dir, pythonPath, List.of("-W", "ignore", script.toString(), dir.toString())));
        reference = Npz.read(dir.resolve("reference.npz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flame_p2.pkl", "flame_py2.pkl"})
    void flamePickleLoadsAndPosesLikeFlamesForwardPass(String file) throws Exception {
        FaceModel m = FaceModel.load(dir.resolve(file));
        assertEquals(5023, m.vertexCount());
        assertEquals(9976, m.faceCount());
        assertEquals(300, m.shapeNames().size(), "FLAME 2020: 300 identity directions");
        assertEquals(100, m.expressionNames().size(), "then 100 expression directions");
        assertArrayEquals(new int[] {-1, 0, 1, 1, 1}, m.parents());
        assertEquals("flame:" + file.replace(".pkl", ""), m.id());
        assertEquals(FaceModelKind.FLAME, FaceModelKind.of(m));
        assertArrayEquals(reference.get("f").ints(), m.faces(), "uint32 triangles");
        float[] jr = reference.get("J_regressor").floats();
        for (int j = 0; j < 5; j++) {
            for (int v = 0; v < 5023; v++) assertEquals(jr[j * 5023 + v], m.jointRegressor()[j][v], 1e-7, "sparse J_regressor densified");
        }
        assertEquals(51, m.landmarkCount(), "flame_static_embedding.pkl next to the model is used");

        RigEvaluator rig = new RigEvaluator(m);
        float[] shape = reference.get("shape").floats();
        float[] exp = reference.get("exp").floats();
        float[] pose = reference.get("pose").floats();
        float[] transl = reference.get("transl").floats();
        float[] expected = reference.get("verts").floats();
        int sets = reference.get("shape").dim(0);
        float[] out = new float[5023 * 3];
        for (int s = 0; s < sets; s++) {
            FaceParams p = m.newParams();
            for (int i = 0; i < 300; i++) p.setShape(i, shape[s * 300 + i]);
            for (int i = 0; i < 100; i++) p.setExpression(i, exp[s * 100 + i]);
            for (int j = 0; j < 5; j++) p.setJointRotation(j, pose[s * 15 + j * 3], pose[s * 15 + j * 3 + 1], pose[s * 15 + j * 3 + 2]);
            System.arraycopy(transl, s * 3, p.translation(), 0, 3);
            rig.evaluate(p, out);
            double worst = 0;
            for (int i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - expected[s * out.length + i]));
            assertTrue(worst < 1e-5, file + " parameter set " + s + ": max vertex error " + worst + " m");
        }
    }

    @Test
    void staticEmbeddingKeeps51PointsAndDecaEmbeddingGives68() throws Exception {
        Map<String, NpyArray> expected51 = Npz.read(dir.resolve("landmarks51.npz"));
        Map<String, NpyArray> got51 = FlameFile.readLandmarks(dir);
        assertArrayEquals(expected51.get("faces").ints(), got51.get("lmk_faces_idx").ints());
        assertArrayEquals(expected51.get("bary").floats(), got51.get("lmk_b_coords").floats());

        Map<String, NpyArray> expected68 = Npz.read(dir.resolve("deca/landmarks68.npz"));
        Map<String, NpyArray> got68 = FlameFile.readLandmarks(dir.resolve("deca"));
        assertArrayEquals(expected68.get("faces").ints(), got68.get("lmk_faces_idx").ints());
        assertArrayEquals(expected68.get("bary").floats(), got68.get("lmk_b_coords").floats());
        assertEquals(68, got68.get("lmk_faces_idx").size());

        assertTrue(FlameFile.readLandmarks(Files.createDirectories(dir.resolve("empty"))).isEmpty());
    }
}
