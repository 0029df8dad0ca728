package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.NpyArray;
import io.adamesh.face.Npz;
import io.adamesh.model.Wav2Vec2OnnxEncoder;
import io.adamesh.model.Wav2Vec2OnnxEncoderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** adamesh speech-features: the training-side feature extractor for a wav2vec 2.0 / HuBERT export. */
class SpeechFeaturesCommandTest {
    @TempDir
    static Path dir;
    static Path graph;

    @BeforeAll
    static void export() throws Exception {
        graph = dir.resolve("w2v.onnx");
        Wav2Vec2OnnxEncoderTest.exportGraph(graph, "--layers", "1", "--dim", "64", "--conv-dim", "32");
    }

    static Path input(String name, int... lengths) throws Exception {
        Random r = new Random(lengths.length);
        int total = 0;
        for (int n : lengths) total += n;
        float[] audio = new float[total];
        for (int i = 0; i < total; i++) audio[i] = (float) r.nextGaussian() * 0.1f;
        long[] off = new long[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) off[i + 1] = off[i] + lengths[i];
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("audio", NpyArray.ofFloats(audio, total));
        m.put("offsets", NpyArray.ofInts(off, off.length));
        Path p = dir.resolve(name);
        Npz.write(p, m);
        return p;
    }

    @Test
    void encodesEachUtteranceWholeAndResumes() throws Exception {
        Path in = input("in-a.npz", 16_000, 399, 4_321, 800);
        Path out = dir.resolve("out");
        var r = CliRunner.run(Cli.standard(), "speech-features", "--wav2vec2", graph.toString(), "--out-dir",
                out.toString(), in.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("in-a.npz: 4 utterances"), r.out());
        Map<String, NpyArray> got = Npz.read(out.resolve("in-a.npz"));
        assertArrayEquals(new int[] {0, 49, 49, 62, 64}, got.get("offsets").ints());   // (N - 400) / 320 + 1; 0 for 399
        assertArrayEquals(new int[] {64, 64}, got.get("features").shape());
        // utterance 3 is encoded on its own, exactly as the studio encodes a whole file
        float[] all = Npz.read(in).get("audio").floats();
        try (Wav2Vec2OnnxEncoder enc = Wav2Vec2OnnxEncoder.load(graph, Wav2Vec2OnnxEncoder.Options.defaults())) {
            float[][] third = enc.encode(java.util.Arrays.copyOfRange(all, 16_399, 16_399 + 4_321));
            float[] f = got.get("features").floats();
            for (int t = 0; t < third.length; t++) {
                for (int c = 0; c < 64; c++) assertEquals(third[t][c], f[(49 + t) * 64 + c], 1e-6f);
            }
        }
        long stamp = Files.getLastModifiedTime(out.resolve("in-a.npz")).toMillis();
        var again = CliRunner.run(Cli.standard(), "speech-features", "--wav2vec2", graph.toString(), "--out-dir",
                out.toString(), in.toString());
        assertEquals(0, again.status());
        assertTrue(again.out().contains("exists, skipped"), again.out());
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("in-a.npz")).toMillis());
    }

    @Test
    void badInputsAreNamedAndTheOthersStillRun() throws Exception {
        Path good = input("in-good.npz", 3_000);
        Path bad = dir.resolve("in-bad.npz");
        Npz.write(bad, Map.of("samples", NpyArray.ofFloats(new float[10], 10)));
        Path out = dir.resolve("out2");
        var r = CliRunner.run(Cli.standard(), "speech-features", "--wav2vec2", graph.toString(), "--out-dir",
                out.toString(), bad.toString(), good.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("in-bad.npz: expected arrays 'audio'"), r.err());
        assertTrue(Files.exists(out.resolve("in-good.npz")));
        assertTrue(!Files.exists(out.resolve("in-bad.npz")));

        var usage = CliRunner.run(Cli.standard(), "speech-features", "--out-dir", out.toString(), good.toString());
        assertEquals(2, usage.status());
        assertTrue(usage.err().contains("--wav2vec2 MODEL.onnx is required"), usage.err());
        var norm = CliRunner.run(Cli.standard(), "speech-features", "--wav2vec2", graph.toString(), "--out-dir",
                out.toString(), "--normalise", "loud", good.toString());
        assertEquals(2, norm.status());
        var missing = CliRunner.run(Cli.standard(), "speech-features", "--wav2vec2", dir.resolve("none.onnx").toString(),
                "--out-dir", out.toString(), good.toString());
        assertEquals(3, missing.status());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
