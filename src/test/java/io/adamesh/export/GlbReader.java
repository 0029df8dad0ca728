package io.adamesh.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Minimal GLB reader for tests: JSON chunk and float accessors of the BIN chunk. */
record GlbReader(JsonNode json, ByteBuffer bin) {
    static GlbReader read(byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46546C67) throw new IOException("not a GLB");
        int jsonLen = b.getInt(12);
        JsonNode json = new ObjectMapper().readTree(new String(data, 20, jsonLen, StandardCharsets.UTF_8));
        ByteBuffer bin = null;
        int at = 20 + jsonLen;
        if (at < data.length) {
            int binLen = b.getInt(at);
            bin = ByteBuffer.wrap(data, at + 8, binLen).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        return new GlbReader(json, bin);
    }

    float[] floats(int accessor) {
        JsonNode a = json.at("/accessors/" + accessor);
        if (a.get("componentType").asInt() != 5126) throw new IllegalArgumentException("accessor " + accessor + " is not float");
        int comps = switch (a.get("type").asText()) {
            case "SCALAR" -> 1; case "VEC2" -> 2; case "VEC3" -> 3; case "VEC4" -> 4; case "MAT4" -> 16;
            default -> throw new IllegalArgumentException(a.get("type").asText());
        };
        JsonNode bv = json.at("/bufferViews/" + a.get("bufferView").asInt());
        int base = bv.path("byteOffset").asInt(0) + a.path("byteOffset").asInt(0);
        int stride = bv.path("byteStride").asInt(comps * 4);
        int count = a.get("count").asInt();
        float[] out = new float[count * comps];
        for (int i = 0; i < count; i++) for (int c = 0; c < comps; c++) out[i * comps + c] = bin.getFloat(base + i * stride + c * 4);
        return out;
    }
}
