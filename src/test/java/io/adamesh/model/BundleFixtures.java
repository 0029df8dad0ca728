package io.adamesh.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The default bundle and the fixtures training/ exported beside it (inputs and PyTorch outputs). */
final class BundleFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleFixtures() {}

    static Path defaultBundle() {
        return Path.of(System.getProperty("adamesh.repo", ".")).resolve("models/default");
    }

    static JsonNode read(String name) throws Exception {
        return JSON.readTree(defaultBundle().resolve("fixtures").resolve(name + ".json").toFile());
    }

    static FloatTensor array(JsonNode node, String what) throws ModelBundleException {
        return SpeakerAdapter.array(defaultBundle(), what, node);
    }

    static Map<String, FloatTensor> arrays(JsonNode node) throws ModelBundleException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue().isObject()) {
                out.put(e.getKey(), array(e.getValue(), e.getKey()));
            }
        }
        return out;
    }
}
