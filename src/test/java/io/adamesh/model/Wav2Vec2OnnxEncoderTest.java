package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.model.Wav2Vec2OnnxEncoder.Normalization;
import io.adamesh.model.Wav2Vec2OnnxEncoder.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports random-weight wav2vec2-architecture graphs with training/ (torchaudio's builder) at test time
 * and runs them through the Java adapter. CI installs python3-torch, python3-torchaudio, python3-onnx
 * (scripts/packages-test.txt); a missing toolchain fails the test.
 */
public class Wav2Vec2OnnxEncoderTest {
    @TempDir
    static Path dir;
    static Path transformer;   // 2 transformer layers, 256 dims: full self-attention
    static Path local;         // same builder with 0 transformer layers: receptive field 400 samples +- 8 frames

    @BeforeAll
    static void export() throws Exception {
        transformer = dir.resolve("w2v-2layer.onnx");
        local = dir.resolve("w2v-local.onnx");
        exportGraph(transformer, "--layers", "2", "--dim", "256");
        exportGraph(local, "--layers", "0", "--dim", "256", "--pos-conv-kernel", "16");
    }

    public static void exportGraph(Path out, String... args) throws Exception {
        Path training = Path.of(System.getProperty("adamesh.repo", ".")).resolve("training");
        List<String> cmd = new ArrayList<>(List.of(python(), "-m", "adamesh_training.export_wav2vec2_random",
                out.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(training.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "export timed out");
        assertEquals(0, p.exitValue(), "export failed:\n" + log);
    }

    /** The interpreter with torch: -Dadamesh.python, else Debian's /usr/bin/python3, else python3. */
    public static String python() throws Exception {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("adamesh.python") != null) {
            candidates.add(System.getProperty("adamesh.python"));
        }
        candidates.addAll(List.of("/usr/bin/python3", "python3"));
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import torch, torchaudio, onnx").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return c;
                }
            } catch (java.io.IOException notThere) {
                // try the next one
            }
        }
        throw new AssertionError("No python3 with torch, torchaudio and onnx; install the Debian packages in "
                + "scripts/packages-test.txt (python3-torch python3-torchaudio python3-onnx)");
    }

    static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void shapesAndFiftyHertzFrameAlignment() throws Exception {
        try (Wav2Vec2OnnxEncoder enc = Wav2Vec2OnnxEncoder.load(transformer, Options.defaults())) {
            assertEquals(256, enc.dimension());
            assertEquals(50.0, enc.frameRate());
            for (int n : new int[] {400, 719, 720, 16_000, 16_399, 48_000}) {
                float[][] y = enc.encode(noise(n, n));
                assertEquals((n - 400) / 320 + 1, y.length, "frames for " + n + " samples");
                assertEquals(256, y[0].length);
            }
            assertEquals(0, enc.encode(new float[399]).length);
        }
    }

    @Test
    void streamingEqualsWholeUtteranceWhenContextCoversReceptiveField() throws Exception {
        // The local graph's receptive field is 400 samples plus +-8 frames (positional conv, kernel 16);
        // with >= 8 frames of context each side a streamed frame sees exactly the inputs it sees in the
        // whole utterance, so only float32 rounding differs (~3e-6 measured in PyTorch): tolerance 1e-4.
        Options opts = new Options(12, 7, 9, Normalization.NONE);
        float[] x = noise(16_000 * 3 + 123, 5);
        try (Wav2Vec2OnnxEncoder enc = Wav2Vec2OnnxEncoder.load(local, opts)) {
            float[][] whole = enc.encode(x);
            float[][] streamed = stream(enc, x, 777);
            assertEquals(whole.length, streamed.length);
            double worst = maxAbsDiff(whole, streamed, 0, whole.length);
            System.out.printf("local graph: max |streamed - whole| = %.3g%n", worst);
            assertTrue(worst < 1e-4, "max |streamed - whole| = " + worst);
        }
    }

    @Test
    void fullAttentionGraphStreamsWithSameFramingAndApproximatesWholeUtterance() throws Exception {
        // Full self-attention sees the whole utterance, so streaming can only approximate it; the
        // framing (count, order, index) must still be exact and the features must stay close.
        float[] x = noise(16_000 * 3, 9);
        try (Wav2Vec2OnnxEncoder enc = Wav2Vec2OnnxEncoder.load(transformer, new Options(50, 10, 10, Normalization.NONE))) {
            float[][] whole = enc.encode(x);
            float[][] streamed = stream(enc, x, 1600);
            assertEquals(whole.length, streamed.length);
            double cos = meanCosine(whole, streamed);
            System.out.printf("2-layer graph: mean cosine(streamed, whole) = %.4f, max abs diff %.3g%n", cos,
                    maxAbsDiff(whole, streamed, 0, whole.length));
            assertTrue(cos > 0.98, "mean cosine similarity " + cos);
        }
    }

    @Test
    void perInputNormalisationIsZeroMeanUnitVariance() throws Exception {
        float[] x = noise(16_000, 3);
        float[] scaled = x.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = scaled[i] * 0.05f + 0.2f;
        }
        try (Wav2Vec2OnnxEncoder norm = Wav2Vec2OnnxEncoder.load(transformer, new Options(50, 10, 5, Normalization.PER_INPUT));
                Wav2Vec2OnnxEncoder raw = Wav2Vec2OnnxEncoder.load(transformer, new Options(50, 10, 5, Normalization.NONE))) {
            float[][] a = norm.encode(scaled);
            float[][] b = raw.encode(x);   // x is already ~zero-mean, unit-variance
            assertTrue(maxAbsDiff(a, b, 0, a.length) < 0.05, "normalised input matches");
        }
    }

    @Test
    void graphWithWrongNamesIsRejectedNamingFileAndNames() throws Exception {
        Path bogus = Files.write(dir.resolve("not-a-model.onnx"), new byte[] {1, 2, 3});
        SpeechEncoderException e = assertThrows(SpeechEncoderException.class,
                () -> Wav2Vec2OnnxEncoder.load(bogus, Options.defaults()));
        assertTrue(e.getMessage().contains("not-a-model.onnx"), e.getMessage());
        SpeechEncoderException missing = assertThrows(SpeechEncoderException.class,
                () -> Wav2Vec2OnnxEncoder.load(dir.resolve("absent.onnx"), Options.defaults()));
        assertTrue(missing.getMessage().contains("absent.onnx"), missing.getMessage());
    }

    static float[][] stream(SpeechEncoder enc, float[] x, int chunk) throws Exception {
        float[][] out = new float[(int) enc.frameCount(x.length)][];
        long[] expected = {0};
        SpeechEncoder.FrameSink sink = (i, f) -> {
            assertEquals(expected[0]++, i, "frames arrive in order");
            out[(int) i] = f.clone();
        };
        SpeechEncoder.StreamingSession s = enc.openStream();
        for (int pos = 0; pos < x.length; pos += chunk) {
            s.accept(x, pos, Math.min(chunk, x.length - pos), sink);
            long available = enc.frameCount(pos + Math.min(chunk, x.length - pos));
            assertTrue(s.framesEmitted() <= Math.max(0, available - enc.lookaheadFrames()),
                    "no frame emitted before its look-ahead arrived");
        }
        s.flush(sink);
        assertEquals(out.length, s.framesEmitted());
        return out;
    }

    static double maxAbsDiff(float[][] a, float[][] b, int from, int to) {
        double worst = 0;
        for (int t = from; t < to; t++) {
            for (int d = 0; d < a[t].length; d++) {
                worst = Math.max(worst, Math.abs(a[t][d] - b[t][d]));
            }
        }
        return worst;
    }

    static double meanCosine(float[][] a, float[][] b) {
        double sum = 0;
        for (int t = 0; t < a.length; t++) {
            double ab = 0, aa = 0, bb = 0;
            for (int d = 0; d < a[t].length; d++) {
                ab += a[t][d] * b[t][d];
                aa += a[t][d] * a[t][d];
                bb += b[t][d] * b[t][d];
            }
            sum += ab / Math.sqrt(aa * bb);
        }
        return sum / a.length;
    }
}
