package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.NpyArray;
import io.adamesh.face.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default bundle's pose graphs and tables, run by ONNX Runtime through {@link PoseModel}, reproduce
 * the PyTorch outputs that training exported ({@code training/adamesh_training/pose/export.py} writes
 * {@code pose-fixture.npz}: a held-out speaker's 10-s reference and one of their utterances).
 */
class PoseModelTest {
    static final double TOL = 1e-4;
    static PoseModel model;
    static Map<String, NpyArray> fx;

    @BeforeAll
    static void load() throws Exception {
        model = PoseModel.load(manifest());
        fx = Npz.read(Path.of(Objects.requireNonNull(PoseModelTest.class.getResource("pose-fixture.npz"),
                "Resource not found: pose-fixture.npz").toURI()));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Path manifest() {
        return Path.of(System.getProperty("adamesh.repo", ".")).resolve("models/default/pose.json");
    }

    static float[][] rows(String name) {
        NpyArray a = fx.get(name);
        int w = a.dim(a.rank() - 1);
        float[] f = a.floats();
        float[][] out = new float[f.length / w][w];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(f, i * w, out[i], 0, w);
        }
        return out;
    }

    static long[] longs(String name) {
        int[] v = fx.get(name).ints();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL, what + "[" + i + "]");
        }
    }

    static void assertClose(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + " rows");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    @Test
    void vqEncoderMatchesPytorchLatentsAndCodes() throws Exception {
        PoseModel.Encoded e = model.encode(rows("pose"));
        assertClose(rows("latent"), e.latents(), "latent");
        assertArrayEquals(longs("code"), e.codes());
    }

    @Test
    void vqDecoderMatchesPytorchPose() throws Exception {
        assertClose(rows("decoded"), model.decode(longs("code")), "decoded pose");
    }

    @Test
    void gptStepMatchesPytorchLogits() throws Exception {
        float[] logits = model.stepLogits(longs("step_prev"), rows("step_feats"), 0, fx.get("style_soft").floats());
        assertClose(fx.get("step_logits").floats(), logits, "logits");
    }

    @Test
    void styleRetrievalFindsTheSameNearestStyleAndSoftBlend() throws Exception {
        PoseStyle s = model.retrieveStyle(rows("ref_feats"), rows("ref_pose"));
        assertEquals(fx.get("nearest").ints()[0], s.nearest());
        assertClose(fx.get("soft_weights").floats(), s.weights(), "soft weights");
        assertClose(fx.get("style_nearest").floats(), s.nearestStyle(), "nearest style");
        assertClose(fx.get("style_soft").floats(), s.softStyle(), "soft style");
    }

    @Test
    void greedyGenerationPastTheWindowMatchesPytorch() throws Exception {
        float[][] feats = rows("feats");
        assertTrue(feats.length / model.down() > model.window(), "fixture must be longer than the window");
        long[] codes = model.generateCodes(feats, fx.get("style_soft").floats(), 0, 1, 0);
        assertArrayEquals(longs("greedy_codes"), codes);
        assertClose(rows("greedy_pose"), model.generate(feats, fx.get("style_soft").floats(), 0, 1, 0), "pose");
    }

    @Test
    void sampledGenerationIsSeededAndDiffersAcrossSeeds() throws Exception {
        float[][] feats = rows("feats");
        long[] a = model.generateCodes(feats, model.noStyle(), 0.9, 10, 1);
        assertArrayEquals(a, model.generateCodes(feats, model.noStyle(), 0.9, 10, 1));
        long[] b = model.generateCodes(feats, model.noStyle(), 0.9, 10, 2);
        assertTrue(!java.util.Arrays.equals(a, b), "two seeds gave the same codes");
    }

    @Test
    void javaSpeechFeaturesMatchTrainingFeatures() {
        float[] audio = fx.get("audio").floats();
        float[][] expected = rows("audio_feats");
        assertEquals(expected.length, PoseFeatures.frameCount(audio.length));
        assertClose(expected, PoseFeatures.compute(audio, expected.length), "features");
        int voiced = 0;
        for (float[] row : expected) {
            voiced += row[82] > 0 ? 1 : 0;
        }
        assertTrue(voiced > 10 && voiced < expected.length - 10, "fixture must mix voiced and unvoiced frames");
    }

    @Test
    void topKSamplingStaysInTheTopK() {
        float[] logits = {0.1f, 3f, 2f, -1f};
        Random rng = new Random(0);
        for (int i = 0; i < 200; i++) {
            int c = PoseModel.sample(logits, 1.0, 2, rng);
            assertTrue(c == 1 || c == 2, "sampled " + c);
        }
        assertEquals(1, PoseModel.sample(logits, 0, 1, rng));
    }

    @Test
    void manifestNamingTheWrongGraphFailsWithTheFileAndTheName(@TempDir Path dir) throws Exception {
        Path src = manifest().getParent();
        Files.createDirectories(dir.resolve("pose"));
        for (String f : new String[] {"pose_vq_encoder.onnx", "pose_vq_decoder.onnx", "pose_gpt_step.onnx",
                "pose_tables.npz"}) {
            Files.copy(src.resolve("pose").resolve(f), dir.resolve("pose").resolve(f));
        }
        String json = Files.readString(src.resolve("pose.json"))
                .replace("\"pose/pose_vq_decoder.onnx\"", "\"pose/pose_vq_encoder.onnx\"");
        Files.writeString(dir.resolve("pose.json"), json);
        // the decoder's declared checksum catches the swapped file first ...
        PoseModelException e = assertThrows(PoseModelException.class, () -> PoseModel.load(dir.resolve("pose.json")));
        assertTrue(e.getMessage().contains("pose_vq_encoder.onnx") && e.getMessage().contains("SHA-256"), e.getMessage());
        // ... and without a checksum the graph's tensor names do
        String decoderSha = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)
                .path("pose").path("graphs").path("vq_decoder").path("sha256").asText();
        Files.writeString(dir.resolve("pose.json"), json.replace("\"" + decoderSha + "\"", "\"\""));
        e = assertThrows(PoseModelException.class, () -> PoseModel.load(dir.resolve("pose.json")));
        assertTrue(e.getMessage().contains("pose_vq_encoder.onnx") && e.getMessage().contains("'code'"), e.getMessage());
    }

    @Test
    void reportsInferenceTimePerSecondOfAudioAndRetrievalTime() throws Exception {
        float[][] feats = rows("feats");
        float[] style = fx.get("style_soft").floats();
        model.generate(feats, style, 0.9, 10, 0);                       // warm-up
        long t0 = System.nanoTime();
        int reps = 3;
        for (int r = 0; r < reps; r++) {
            model.generate(feats, style, 0.9, 10, r);
        }
        double perSecond = (System.nanoTime() - t0) / 1e9 / reps / (feats.length / 30.0);
        long t1 = System.nanoTime();
        model.retrieveStyle(rows("ref_feats"), rows("ref_pose"));
        double retrieval = (System.nanoTime() - t1) / 1e9;
        System.out.printf("pose: %.4f s per second of audio (%d frames), retrieval %.4f s for %.1f s reference%n",
                perSecond, feats.length, retrieval, rows("ref_feats").length / 30.0);
        assertTrue(perSecond < 1.0, "pose generation slower than real time: " + perSecond);
    }
}
