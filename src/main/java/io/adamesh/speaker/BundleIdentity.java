package io.adamesh.speaker;

import io.adamesh.model.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a speaker profile was adapted against: the bundle's name, the SHA-256 of its
 * {@code expression.onnx} (the frozen weights the MoLoRA tensors are added to), the LoRA parameter
 * names and shapes, and the style dimension. A profile is only used with a bundle of the same checksum.
 */
public record BundleIdentity(String name, String checksum, Map<String, long[]> loraShapes, int styleDimension) {

    /** The identity of an open bundle (hashes its expression graph file). */
    public static BundleIdentity of(ModelBundle bundle) throws SpeakerProfileException {
        Path graph = bundle.directory().resolve(bundle.spec("expression").file());
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<String> names = bundle.loraParameterNames();
        var declared = bundle.manifest().path("lora").path("parameter_shapes");
        for (int i = 0; i < names.size(); i++) {
            List<Long> dims = new ArrayList<>();
            declared.path(i).forEach(d -> dims.add(d.asLong()));
            shapes.put(names.get(i), dims.stream().mapToLong(Long::longValue).toArray());
        }
        int style = bundle.manifest().path("style").path("dimension").asInt();
        try {
            return new BundleIdentity(bundle.manifest().path("name").asText("unnamed"), sha256(graph), shapes, style);
        } catch (IOException e) {
            throw new SpeakerProfileException("Cannot read " + graph + " to identify the model bundle: " + e.getMessage(), e);
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Short form for messages: name and the first 12 hex digits. */
    public String describe() {
        return "'" + name + "' (expression.onnx " + checksum.substring(0, Math.min(12, checksum.length())) + ")";
    }
}
