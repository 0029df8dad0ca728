package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.audio.RingBuffer;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.model.ModelBundle;
import io.adamesh.model.SpeechEncoders;
import io.adamesh.model.Wav2Vec2BundleEncoder;
import io.adamesh.model.Wav2Vec2OnnxEncoder;
import io.adamesh.model.Wav2Vec2OnnxEncoderTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wav2vec 2.0 / HuBERT path end to end, on the random-weight export (nothing is downloaded):
 * export_wav2vec2_random -> a --quick corpus -> train_expression --wav2vec2 (features computed by this
 * build's {@code adamesh speech-features}) -> export_expression -> the studio opens the bundle, picks
 * the export from the manifest, and animates offline and live.
 */
class Wav2Vec2BundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path graph;
    static Path bundle;
    static String trainingLog;

    @BeforeAll
    static void trainAndExport() throws Exception {
        graph = dir.resolve("w2v.onnx");
        Wav2Vec2OnnxEncoderTest.exportGraph(graph, "--layers", "2", "--dim", "256");
        Path corpus = dir.resolve("corpus");
        Path run = dir.resolve("run");
        bundle = dir.resolve("bundle");
        python("adamesh_training.corpus", "build", "--out", corpus.toString(), "--quick");
        trainingLog = python("adamesh_training.train_expression", "--corpus", corpus.toString(), "--out", run.toString(),
                "--wav2vec2", graph.toString(), "--steps", "30", "--batch", "4", "--speaker-steps", "5");
        python("adamesh_training.export_expression", "--run", run.toString(), "--bundle", bundle.toString());
        // the pose networks on the same export's features (+ loudness and pitch)
        String work = dir.resolve("pose-work").toString();
        String[] h = {"--work", work, "--heldout", "spk33"};
        python("adamesh_training.pose.cli", cat(new String[] {"features", "--corpus", corpus.toString(), "--wav2vec2",
                graph.toString()}, h));
        python("adamesh_training.pose.cli", cat(new String[] {"vq", "--steps", "10"}, h));
        python("adamesh_training.pose.cli", cat(new String[] {"gpt", "--steps", "10", "--quick"}, h));
        python("adamesh_training.pose.cli", cat(new String[] {"style", "--quick"}, h));
        python("adamesh_training.pose.cli", cat(new String[] {"export", "--out", bundle.toString()}, h));
    }

    static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Runs a training module with Debian's python; the studio CLI it calls is this test's classpath. */
    static String python(String module, String... args) throws Exception {
        Path repo = Path.of(System.getProperty("adamesh.repo", ".")).toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Wav2Vec2OnnxEncoderTest.python(), "-m", module));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.resolve("training").toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        pb.environment().put("ADAMESH_CMD", "'" + java + "' --enable-native-access=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' io.adamesh.Main");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), module + " timed out");
        assertEquals(0, p.exitValue(), module + " failed:\n" + log);
        return log;
    }

    static FaceModel face() throws Exception {
        return FaceModel.load(Path.of(System.getProperty("adamesh.repo", ".")).resolve("assets/openhead.npz"));
    }

    static float[] decode(JsonNode array) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(array.path("data").asText())).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void trainingRanTheExportThroughTheStudio() {
        // the features came from `adamesh speech-features` (its summary line), 256-dimensional
        assertTrue(trainingLog.matches("(?s).*speech-features: in-00000\\.npz: 9 utterances, .* frames x 256 .*"),
                trainingLog);
    }

    @Test
    void theManifestNamesTheExportAndTheStudioSelectsIt() throws Exception {
        JsonNode m = JSON.readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("wav2vec2", m.path("features").path("type").asText());
        assertEquals(256, m.path("features").path("dimension").asInt());
        assertEquals(50.0, m.path("features").path("frame_rate").asDouble());
        assertEquals("per-input", m.path("features").path("audio_normalisation").asText());
        assertArrayEquals(Files.readAllBytes(graph), Files.readAllBytes(bundle.resolve(m.path("features").path("file").asText())),
                "the bundle carries the export it was trained on");
        try (ModelBundle b = ModelBundle.load(bundle); var enc = SpeechEncoders.open(b)) {
            Wav2Vec2BundleEncoder w = assertInstanceOf(Wav2Vec2BundleEncoder.class, enc);
            assertEquals(bundle.resolve("speech_encoder.onnx"), w.speechEncoder().file());
            assertEquals(256, w.speechEncoder().dimension());
            assertEquals(128, w.dimension());
            assertEquals(50.0, w.frameRate());
            // the projection graph reproduces PyTorch on the exported fixture
            JsonNode fx = JSON.readTree(bundle.resolve("fixtures/encoder_quality.json").toFile());
            JsonNode in = fx.path("inputs").path("hidden");
            int t = in.path("shape").get(1).asInt();
            float[] flat = decode(in);
            float[][] hidden = new float[t][256];
            for (int i = 0; i < t; i++) System.arraycopy(flat, i * 256, hidden[i], 0, 256);
            float[][] got = w.project(hidden);
            float[] want = decode(fx.path("outputs").path("features"));
            assertEquals(want.length, t * 128);
            double max = 0;
            for (int i = 0; i < t; i++) {
                for (int k = 0; k < 128; k++) max = Math.max(max, Math.abs(got[i][k] - want[i * 128 + k]));
            }
            assertTrue(max < 1e-4, "projection differs from PyTorch by " + max);
        }
    }

    @Test
    void animatesAVoiceOfflineWithTheExportsFeatures() throws Exception {
        float[] audio = AnimateFixtures.speak(dir, "Bring the map to the window, and wave at the boat.");
        try (AnimationEngine engine = AnimationEngine.open(bundle, face(), false)) {
            assertInstanceOf(Wav2Vec2BundleEncoder.class, engine.speechEncoder());
            float[][] features = engine.speechEncoder().encode(audio);
            assertEquals((audio.length - 400) / 320 + 1, features.length);
            // the same as running the user's export directly and projecting its frames
            try (Wav2Vec2OnnxEncoder direct = Wav2Vec2OnnxEncoder.load(graph, Wav2Vec2OnnxEncoder.Options.defaults())) {
                float[][] again = ((Wav2Vec2BundleEncoder) engine.speechEncoder()).project(direct.encode(audio));
                for (int i = 0; i < features.length; i += 17) assertArrayEquals(again[i], features[i], 1e-5f);
            }
            assertTrue(engine.pose().usesWav2Vec2(), "pose.json names the export's features");
            assertEquals(256 + 3, engine.pose().featDim());
            Clip clip = new OfflineAnimator(engine, Runnable::run).animate(audio,
                    new OfflineAnimator.Request(engine.speakers().defaultId()), OfflineAnimator.Progress.NONE, () -> false);
            assertEquals((int) Math.ceil(audio.length / 16000.0 * 30), clip.frameCount());
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (float v : clip.expressions()) {
                assertTrue(Float.isFinite(v));
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 1e-3, "the expression channels never move: " + min + ".." + max);
            // different speech, different animation: the network reads the features
            float[] other = AnimateFixtures.speak(dir, "Oh, you see? Food is cool.");
            Clip clip2 = new OfflineAnimator(engine, Runnable::run).animate(other,
                    new OfflineAnimator.Request(engine.speakers().defaultId()), OfflineAnimator.Progress.NONE, () -> false);
            double diff = 0;
            int n = Math.min(clip.frameCount(), clip2.frameCount());
            for (int f = 0; f < n; f++) {
                for (int c = 0; c < clip.channels().size(); c++) diff += Math.abs(clip.expression(f, c) - clip2.expression(f, c));
            }
            assertTrue(diff > 1e-2, "two utterances animate identically");
            // the head moves (pose network on the export's features), and differently for other speech
            double poseMove = 0, poseDiff = 0;
            for (int f = 1; f < clip.frameCount(); f++) {
                for (int a = 0; a < 3; a++) poseMove += Math.abs(neck(clip, f, a) - neck(clip, f - 1, a));
            }
            for (int f = 0; f < n; f++) {
                for (int a = 0; a < 3; a++) poseDiff += Math.abs(neck(clip, f, a) - neck(clip2, f, a));
            }
            assertTrue(poseMove > 1e-3 && poseDiff > 1e-3, "head pose: motion " + poseMove + ", difference " + poseDiff);
        }
    }

    static float neck(Clip clip, int frame, int axis) {
        return clip.pose(frame, clip.joints().indexOf("neck"), axis);
    }

    @Test
    void liveModeEncodesItsWindowWithTheExport() throws Exception {
        float[] audio = AnimateFixtures.speak(dir, "Bring the map to the window, and wave at the boat.");
        try (AnimationEngine engine = AnimationEngine.open(bundle, face(), false)) {
            assertTrue(!engine.logMelEncoder());
            RingBuffer ring = new RingBuffer(16_000 * 4);
            long[] written = {0};
            try (LiveAnimator live = new LiveAnimator(engine, ring, () -> written[0] * 62_500L, () -> written[0] * 62_500L,
                    new AnimationSettings(), engine.speakers().defaultId(), 0L)) {
                long last = Long.MIN_VALUE;
                int published = 0;
                for (int hop = 0; (long) hop * 16_000 / 30 < audio.length; hop++) {
                    int from = (int) ((long) hop * 16_000 / 30);
                    int until = (int) Math.min(audio.length, (long) (hop + 1) * 16_000 / 30);
                    ring.write(audio, from, until - from);
                    written[0] += until - from;
                    if (live.step()) {
                        long frame = live.frames().acquire().frame;
                        assertTrue(frame > last, "frames go forward");
                        last = frame;
                        published++;
                    }
                }
                int hops = (int) Math.ceil(audio.length / (16_000 / 30.0));
                assertTrue(published > hops - 30, published + " frames published over " + hops + " hops");
            }
        }
    }

    /** A copy of the bundle with its manifest edited. */
    static Path variant(String name, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path copy = dir.resolve(name);
        try (Stream<Path> files = Files.walk(bundle)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(bundle.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ObjectNode m = (ObjectNode) JSON.readTree(copy.resolve("manifest.json").toFile());
        edit.accept(m);
        JSON.writeValue(copy.resolve("manifest.json").toFile(), m);
        return copy;
    }

    @Test
    void aDifferentExportOrAMissingOneIsRefusedClearly() throws Exception {
        Path other = dir.resolve("w2v-192.onnx");
        Wav2Vec2OnnxEncoderTest.exportGraph(other, "--layers", "1", "--dim", "192");
        Path swapped = variant("swapped", m -> { });
        Files.copy(other, swapped.resolve("speech_encoder.onnx"), StandardCopyOption.REPLACE_EXISTING);
        var e = assertThrows(AnimateException.class, () -> AnimationEngine.open(swapped, face(), false));
        assertTrue(e.getMessage().contains("trained on 256-dimensional features") && e.getMessage().contains("gives 192"),
                e.getMessage());

        Path noFile = variant("nofile", m -> ((ObjectNode) m.path("features")).remove("file"));
        e = assertThrows(AnimateException.class, () -> AnimationEngine.open(noFile, face(), false));
        assertTrue(e.getMessage().contains("features.file"), e.getMessage());

        Path absent = variant("absent", m -> ((ObjectNode) m.path("features")).put("file", "gone.onnx"));
        e = assertThrows(AnimateException.class, () -> AnimationEngine.open(absent, face(), false));
        assertTrue(e.getMessage().contains("gone.onnx") && e.getMessage().contains("does not exist"), e.getMessage());

        // a pose model trained on another export's features
        Path otherPose = variant("otherpose", m -> { });
        Path poseJson = otherPose.resolve("pose.json");
        Files.writeString(poseJson, Files.readString(poseJson).replace(
                JSON.readTree(bundle.resolve("manifest.json").toFile()).path("features").path("sha256").asText(), "0".repeat(64)));
        e = assertThrows(AnimateException.class, () -> AnimationEngine.open(otherPose, face(), false));
        assertTrue(e.getMessage().contains("pose model was trained on the features of the wav2vec 2.0 / HuBERT export with SHA-256 "
                + "0".repeat(64)), e.getMessage());

        Path unknown = variant("unknown", m -> ((ObjectNode) m.path("features")).put("type", "whisper"));
        e = assertThrows(AnimateException.class, () -> AnimationEngine.open(unknown, face(), false));
        assertTrue(e.getMessage().contains("features.type 'whisper' is not supported"), e.getMessage());
    }
}
