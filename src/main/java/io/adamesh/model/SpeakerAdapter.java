package io.adamesh.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A speaker profile of a bundle ({@code speakers/<id>.json}, format {@code adamesh-speaker} v1): the
 * style embedding and the MoLoRA parameters, fed to {@code expression.onnx} as graph inputs so
 * switching speakers needs no new session. Arrays are float32 little-endian, base64, with a shape.
 */
public record SpeakerAdapter(String id, FloatTensor style, Map<String, FloatTensor> lora) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a profile and checks that it holds exactly the bundle's LoRA parameters. */
    public static SpeakerAdapter read(Path file, List<String> parameterNames) throws ModelBundleException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelBundleException("Speaker profile " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (!"adamesh-speaker".equals(root.path("format").asText()) || root.path("version").asInt() != 1) {
            throw new ModelBundleException("Speaker profile " + file + " is not an adamesh-speaker v1 file");
        }
        Map<String, FloatTensor> lora = new LinkedHashMap<>();
        for (String name : parameterNames) {
            JsonNode node = root.path("lora").get(name);
            if (node == null) {
                throw new ModelBundleException("Speaker profile " + file + " lacks LoRA parameter '" + name + "'");
            }
            lora.put(name, array(file, name, node));
        }
        return new SpeakerAdapter(root.path("id").asText(), array(file, "style", root.path("style")), lora);
    }

    /** Decodes {@code {"shape": [...], "data": base64 float32 LE}}. */
    public static FloatTensor array(Path file, String what, JsonNode node) throws ModelBundleException {
        try {
            long[] shape = new long[node.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = node.path("shape").get(i).asLong();
            }
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(node.path("data").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return new FloatTensor(values, shape);
        } catch (IllegalArgumentException e) {
            throw new ModelBundleException(file + ": array '" + what + "' is malformed: " + e.getMessage(), e);
        }
    }
}
