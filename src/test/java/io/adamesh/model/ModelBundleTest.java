package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    private static final List<String> FIXTURES = List.of("encoder_quality", "encoder_live", "style_encoder",
            "expression", "adapt_cache", "adapt_step");

    @Test
    void everyGraphMatchesPyTorchOnTheExportedFixtures() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(BundleFixtures.defaultBundle())) {
            assertEquals(List.of("encoder", "style_encoder", "expression", "adapt_cache", "adapt_step"), bundle.graphKeys());
            var env = bundle.environment();
            for (String name : FIXTURES) {
                JsonNode fx = BundleFixtures.read(name);
                OrtSession session = bundle.session(fx.path("graph").asText());
                Map<String, OnnxTensor> inputs = new HashMap<>();
                try {
                    var it = fx.path("inputs").fields();
                    while (it.hasNext()) {
                        var e = it.next();
                        if (e.getValue().isArray()) {
                            long[] ints = new long[e.getValue().size()];
                            for (int i = 0; i < ints.length; i++) {
                                ints[i] = e.getValue().get(i).asLong();
                            }
                            inputs.put(e.getKey(), OnnxTensor.createTensor(env, LongBuffer.wrap(ints), new long[] {ints.length}));
                        } else {
                            FloatTensor t = BundleFixtures.array(e.getValue(), e.getKey());
                            inputs.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape()));
                        }
                    }
                    try (OrtSession.Result result = session.run(inputs)) {
                        Map<String, FloatTensor> expected = BundleFixtures.arrays(fx.path("outputs"));
                        assertEquals(expected.size(), result.size(), name + ": output count");
                        for (var e : expected.entrySet()) {
                            float[] got = AdaptStepRunner.read(result, e.getKey());
                            float[] want = e.getValue().data();
                            assertEquals(want.length, got.length, name + "/" + e.getKey() + ": size");
                            double worst = 0;
                            for (int i = 0; i < want.length; i++) {
                                worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1.0 + Math.abs(want[i])));
                            }
                            assertTrue(worst <= 1e-4, name + "/" + e.getKey() + ": ONNX Runtime differs from PyTorch by " + worst);
                        }
                    }
                } finally {
                    for (OnnxTensor t : inputs.values()) {
                        t.close();
                    }
                }
            }
        }
    }

    @Test
    void builtInSpeakersCarryEveryLoraParameter() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(BundleFixtures.defaultBundle())) {
            List<SpeakerAdapter> speakers = bundle.speakers();
            assertTrue(speakers.size() >= 4, "at least 4 built-in speakers, found " + speakers.size());
            int names = bundle.loraParameterNames().size();
            assertEquals(4 * (2 * bundle.manifest().path("lora").path("ranks").size() + 1), names);
            for (SpeakerAdapter s : speakers) {
                assertEquals(names, s.lora().size(), s.id());
                assertEquals(bundle.manifest().path("style").path("dimension").asInt(), s.style().data().length);
            }
            assertEquals(43, bundle.channels().size());
        }
    }

    @Test
    void aRenamedInputIsReportedWithTheGraphFile(@TempDir Path tmp) throws Exception {
        Path copy = copyBundle(tmp);
        editManifest(copy, root -> ((ObjectNode) root.path("graphs").path("encoder").path("inputs").get(1)).put("name", "chunk"));
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(copy));
        assertTrue(e.getMessage().contains("encoder.onnx") && e.getMessage().contains("[chunk]")
                && e.getMessage().contains("[chunk_frames]"), e.getMessage());
    }

    @Test
    void aWrongShapeOrTypeIsReportedWithTheTensorName(@TempDir Path tmp) throws Exception {
        Path copy = copyBundle(tmp);
        editManifest(copy, root -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                root.path("graphs").path("expression").path("outputs").get(0).path("shape")).set(2, 42));
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(copy));
        assertTrue(e.getMessage().contains("expression.onnx") && e.getMessage().contains("'expression'")
                && e.getMessage().contains("[1, -1, 42]"), e.getMessage());

        editManifest(copy, root -> {
            ((com.fasterxml.jackson.databind.node.ArrayNode)
                    root.path("graphs").path("expression").path("outputs").get(0).path("shape")).set(2, 43);
            ((ObjectNode) root.path("graphs").path("encoder").path("inputs").get(1)).put("type", "float");
        });
        e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(copy));
        assertTrue(e.getMessage().contains("encoder.onnx") && e.getMessage().contains("INT64"), e.getMessage());
    }

    @Test
    void aMissingGraphFileIsNamed(@TempDir Path tmp) throws Exception {
        Path copy = copyBundle(tmp);
        Files.delete(copy.resolve("style_encoder.onnx"));
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(copy));
        assertTrue(e.getMessage().contains("style_encoder.onnx") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static Path copyBundle(Path tmp) throws Exception {
        Path src = BundleFixtures.defaultBundle();
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, tmp.resolve(f.getFileName()));
                }
            }
        }
        return tmp;
    }

    private static void editManifest(Path dir, java.util.function.Consumer<JsonNode> edit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(dir.resolve("manifest.json").toFile());
        edit.accept(root);
        json.writeValue(dir.resolve("manifest.json").toFile(), root);
    }
}
