package io.adamesh.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model bundle directory ({@code models/<name>/}): {@code manifest.json} (format
 * {@code adamesh-bundle}, schema 1) plus the ONNX graphs it declares. Loading opens every graph and
 * checks each declared input and output (name, element type, shape; -1 = any size) against what
 * ONNX Runtime reports, and fails with a message naming the file and the mismatch. A graph entry may
 * declare the file's {@code sha256}; a file that differs is refused with both checksums.
 */
public final class ModelBundle implements AutoCloseable {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A declared tensor: name, {@code float} or {@code int64}, shape with -1 for a free dimension. */
    public record TensorSpec(String name, String type, long[] shape) {
        @Override
        public String toString() {
            return name + " " + type + Arrays.toString(shape);
        }
    }

    /** A declared graph. */
    public record GraphSpec(String key, String file, List<TensorSpec> inputs, List<TensorSpec> outputs) {
    }

    private final Path dir;
    private final JsonNode manifest;
    private final OrtEnvironment env;
    private final Map<String, GraphSpec> specs;
    private final Map<String, OrtSession> sessions;

    private ModelBundle(Path dir, JsonNode manifest, OrtEnvironment env, Map<String, GraphSpec> specs,
                        Map<String, OrtSession> sessions) {
        this.dir = dir;
        this.manifest = manifest;
        this.env = env;
        this.specs = specs;
        this.sessions = sessions;
    }

    /** Loads with one intra-op thread per session on the CPU. */
    public static ModelBundle load(Path dir) throws ModelBundleException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            return load(dir, options);
        } catch (OrtException e) {
            throw new ModelBundleException("Model bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads with the caller's session options (e.g. from {@link ExecutionProviders}). */
    public static ModelBundle load(Path dir, OrtSession.SessionOptions options) throws ModelBundleException {
        Path manifestFile = dir.resolve("manifest.json");
        JsonNode manifest = readManifest(manifestFile);
        Map<String, GraphSpec> specs = parseGraphs(manifestFile, manifest);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OrtSession> sessions = new LinkedHashMap<>();
        try {
            for (GraphSpec spec : specs.values()) {
                Path file = dir.resolve(spec.file());
                if (!Files.isRegularFile(file)) {
                    throw new ModelBundleException("Model bundle " + dir + ": graph " + file + " (declared as '"
                            + spec.key() + "' in manifest.json) does not exist");
                }
                String mismatch;
                try {
                    mismatch = FileChecksum.mismatch(file, manifest.path("graphs").path(spec.key()).path("sha256").asText(""));
                } catch (IOException e) {
                    throw new ModelBundleException("Graph " + file + " cannot be read: " + e.getMessage(), e);
                }
                if (mismatch != null) {
                    throw new ModelBundleException("Graph " + mismatch);
                }
                OrtSession session;
                try {
                    session = env.createSession(file.toString(), options);
                } catch (OrtException e) {
                    throw new ModelBundleException("Graph " + file + " cannot be loaded: " + e.getMessage(), e);
                }
                sessions.put(spec.key(), session);
                try {
                    check(file, "input", spec.inputs(), session.getInputInfo());
                    check(file, "output", spec.outputs(), session.getOutputInfo());
                } catch (OrtException e) {
                    throw new ModelBundleException("Graph " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (ModelBundleException e) {
            closeAll(sessions);
            throw e;
        }
        return new ModelBundle(dir, manifest, env, specs, sessions);
    }

    private static JsonNode readManifest(Path file) throws ModelBundleException {
        if (!Files.isRegularFile(file)) {
            throw new ModelBundleException("Model bundle manifest " + file + " does not exist");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelBundleException("Model bundle manifest " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!"adamesh-bundle".equals(root.path("format").asText())) {
            throw new ModelBundleException(file + ": format is '" + root.path("format").asText()
                    + "', expected 'adamesh-bundle'");
        }
        if (root.path("schema_version").asInt(-1) != SCHEMA_VERSION) {
            throw new ModelBundleException(file + ": schema_version " + root.path("schema_version")
                    + " is not supported (this studio reads " + SCHEMA_VERSION + ")");
        }
        for (String field : new String[] {"face", "fps", "channels", "features", "lora", "graphs"}) {
            if (root.get(field) == null) {
                throw new ModelBundleException(file + ": required field '" + field + "' is missing");
            }
        }
        return root;
    }

    private static Map<String, GraphSpec> parseGraphs(Path file, JsonNode manifest) throws ModelBundleException {
        Map<String, GraphSpec> out = new LinkedHashMap<>();
        var it = manifest.path("graphs").fields();
        while (it.hasNext()) {
            var entry = it.next();
            JsonNode g = entry.getValue();
            if (!g.path("file").isTextual()) {
                throw new ModelBundleException(file + ": graph '" + entry.getKey() + "' has no file");
            }
            out.put(entry.getKey(), new GraphSpec(entry.getKey(), g.path("file").asText(),
                    tensors(file, entry.getKey(), g.path("inputs")), tensors(file, entry.getKey(), g.path("outputs"))));
        }
        if (out.isEmpty()) {
            throw new ModelBundleException(file + ": no graphs declared");
        }
        return out;
    }

    private static List<TensorSpec> tensors(Path file, String graph, JsonNode list) throws ModelBundleException {
        List<TensorSpec> out = new ArrayList<>();
        for (JsonNode t : list) {
            String type = t.path("type").asText();
            if (!type.equals("float") && !type.equals("int64")) {
                throw new ModelBundleException(file + ": graph '" + graph + "' tensor '" + t.path("name").asText()
                        + "' has unsupported type '" + type + "'");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            out.add(new TensorSpec(t.path("name").asText(), type, shape));
        }
        return out;
    }

    /** Compares the declared tensors with the session's; public for tests of the messages. */
    static void check(Path file, String kind, List<TensorSpec> declared, Map<String, NodeInfo> actual)
            throws ModelBundleException {
        Set<String> declaredNames = new LinkedHashSet<>();
        declared.forEach(t -> declaredNames.add(t.name()));
        Set<String> missing = new LinkedHashSet<>(declaredNames);
        missing.removeAll(actual.keySet());
        Set<String> extra = new LinkedHashSet<>(actual.keySet());
        extra.removeAll(declaredNames);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new ModelBundleException("Graph " + file + ": " + kind + " names differ from manifest.json;"
                    + (missing.isEmpty() ? "" : " declared but not in the graph: " + missing)
                    + (extra.isEmpty() ? "" : " in the graph but not declared: " + extra));
        }
        for (TensorSpec spec : declared) {
            NodeInfo node = actual.get(spec.name());
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelBundleException("Graph " + file + ": " + kind + " '" + spec.name()
                        + "' is not a tensor (" + node.getInfo() + ")");
            }
            OnnxJavaType want = spec.type().equals("float") ? OnnxJavaType.FLOAT : OnnxJavaType.INT64;
            if (info.type != want) {
                throw new ModelBundleException("Graph " + file + ": " + kind + " '" + spec.name() + "' has type "
                        + info.type + ", manifest.json declares " + spec.type());
            }
            if (!Arrays.equals(info.getShape(), spec.shape())) {
                throw new ModelBundleException("Graph " + file + ": " + kind + " '" + spec.name() + "' has shape "
                        + Arrays.toString(info.getShape()) + ", manifest.json declares " + Arrays.toString(spec.shape()));
            }
        }
    }

    private static void closeAll(Map<String, OrtSession> sessions) {
        for (OrtSession s : sessions.values()) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // closing after a failure
            }
        }
    }

    public Path directory() {
        return dir;
    }

    public JsonNode manifest() {
        return manifest;
    }

    public OrtEnvironment environment() {
        return env;
    }

    public GraphSpec spec(String key) {
        GraphSpec spec = specs.get(key);
        if (spec == null) {
            throw new IllegalArgumentException("bundle " + dir + " declares no graph '" + key + "'");
        }
        return spec;
    }

    public OrtSession session(String key) {
        spec(key);
        return sessions.get(key);
    }

    public List<String> graphKeys() {
        return List.copyOf(specs.keySet());
    }

    /** Channel names of the expression output, in order (OpenHead's expression_names). */
    public List<String> channels() {
        List<String> out = new ArrayList<>();
        manifest.path("channels").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The MoLoRA parameter names, in the order the graphs take them. */
    public List<String> loraParameterNames() {
        List<String> out = new ArrayList<>();
        manifest.path("lora").path("parameter_names").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Built-in speaker profiles declared in the manifest. */
    public List<SpeakerAdapter> speakers() throws ModelBundleException {
        List<SpeakerAdapter> out = new ArrayList<>();
        for (JsonNode s : manifest.path("speakers")) {
            out.add(SpeakerAdapter.read(dir.resolve(s.path("file").asText()), loraParameterNames()));
        }
        return out;
    }

    @Override
    public void close() {
        closeAll(sessions);
    }
}
