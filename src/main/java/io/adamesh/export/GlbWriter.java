package io.adamesh.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte layer of glTF 2.0 binary (.glb): collects a JSON document and one binary buffer; accessors
 * are appended as tightly packed, 4-byte aligned buffer views. Knows nothing of heads or clips.
 * Layout: 12-byte header (magic "glTF", version 2, total length), JSON chunk padded with spaces,
 * BIN chunk padded with zeros.
 */
public final class GlbWriter {
    public static final int FLOAT = 5126, UNSIGNED_INT = 5125, UNSIGNED_SHORT = 5123, UNSIGNED_BYTE = 5121;
    public static final int ARRAY_BUFFER = 34962, ELEMENT_ARRAY_BUFFER = 34963;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ByteSink bin = new ByteSink(1 << 20);

    public GlbWriter(String generator) {
        ObjectNode asset = root.putObject("asset");
        asset.put("version", "2.0");
        asset.put("generator", generator);
    }

    public ObjectNode json() { return root; }

    public ArrayNode array(String name) {
        return root.has(name) ? (ArrayNode) root.get(name) : root.putArray(name);
    }

    private int view(int start, int target) {
        ArrayNode views = array("bufferViews");
        ObjectNode v = views.addObject();
        v.put("buffer", 0);
        v.put("byteOffset", start);
        v.put("byteLength", bin.size() - start);
        if (target != 0) v.put("target", target);
        while (bin.size() % 4 != 0) bin.u8(0);
        return views.size() - 1;
    }

    private static int components(String type) {
        return switch (type) {
            case "SCALAR" -> 1; case "VEC2" -> 2; case "VEC3" -> 3; case "VEC4" -> 4; case "MAT4" -> 16;
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** Float accessor; {@code minMax} adds per-component bounds (required for positions and animation inputs). */
    public int floats(float[] data, String type, int target, boolean minMax) {
        int comps = components(type);
        int start = bin.size();
        for (float f : data) bin.f32(f);
        ObjectNode a = accessor(view(start, target), FLOAT, data.length / comps, type);
        if (minMax) {
            ArrayNode min = a.putArray("min"), max = a.putArray("max");
            for (int c = 0; c < comps; c++) {
                float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
                for (int i = c; i < data.length; i += comps) { lo = Math.min(lo, data[i]); hi = Math.max(hi, data[i]); }
                min.add(lo);
                max.add(hi);
            }
        }
        return array("accessors").size() - 1;
    }

    /** Unsigned integer accessor of the given component type (byte, short or int). */
    public int unsigned(int[] data, int componentType, String type, int target) {
        int start = bin.size();
        for (int x : data) {
            switch (componentType) {
                case UNSIGNED_BYTE -> bin.u8(x);
                case UNSIGNED_SHORT -> bin.u16(x);
                default -> bin.u32(x);
            }
        }
        accessor(view(start, target), componentType, data.length / components(type), type);
        return array("accessors").size() - 1;
    }

    private ObjectNode accessor(int view, int componentType, int count, String type) {
        ObjectNode a = array("accessors").addObject();
        a.put("bufferView", view);
        a.put("componentType", componentType);
        a.put("count", count);
        a.put("type", type);
        return a;
    }

    public void write(OutputStream out) throws IOException {
        ObjectNode buf = JSON.createObjectNode();
        buf.put("byteLength", bin.size());
        ArrayNode buffers = root.putArray("buffers");
        buffers.add(buf);
        byte[] json = JSON.writeValueAsBytes(root);
        int jsonPadded = (json.length + 3) & ~3;
        int binPadded = (bin.size() + 3) & ~3;
        ByteSink head = new ByteSink(32);
        int total = 12 + 8 + jsonPadded + 8 + binPadded;
        head.u32(0x46546C67).u32(2).u32(total);
        head.u32(jsonPadded).u32(0x4E4F534A);
        head.writeTo(out);
        out.write(json);
        for (int i = json.length; i < jsonPadded; i++) out.write(' ');
        ByteSink bh = new ByteSink(8);
        bh.u32(binPadded).u32(0x004E4942);
        bh.writeTo(out);
        bin.writeTo(out);
        for (int i = bin.size(); i < binPadded; i++) out.write(0);
        root.remove("buffers");
    }

    static String utf8(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
