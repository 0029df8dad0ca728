package io.adamesh.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clip file format, {@code .json}, version 1:
 * <pre>
 * { "format": "adamesh-clip", "version": 1, "face_model": "openhead-1", "fps": 30.0,
 *   "channels": [...names...], "joints": ["root","neck","jaw","eye_left","eye_right"],
 *   "frames": N, "identity": [...],
 *   "expressions": [[c0, c1, ...] per frame], "pose": [[j0x, j0y, j0z, j1x, ...] per frame],
 *   "translation": [[x, y, z] per frame] }
 * </pre>
 * Writes are atomic (temp file + rename). Reading checks format, version and shapes and names the
 * file in every error.
 */
public final class ClipIO {
    public static final String FORMAT = "adamesh-clip";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClipIO() {}

    public static void write(Clip clip, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", Clip.FORMAT_VERSION);
        root.put("face_model", clip.faceModelId());
        root.put("fps", clip.fps());
        ArrayNode ch = root.putArray("channels");
        clip.channels().forEach(ch::add);
        ArrayNode jn = root.putArray("joints");
        clip.joints().forEach(jn::add);
        root.put("frames", clip.frameCount());
        ArrayNode id = root.putArray("identity");
        for (float x : clip.identity()) id.add(x);
        int c = clip.channels().size();
        int j3 = clip.joints().size() * 3;
        root.set("expressions", rows(clip.expressions(), c, clip.frameCount()));
        root.set("pose", rows(clip.pose(), j3, clip.frameCount()));
        root.set("translation", rows(clip.translation(), 3, clip.frameCount()));
        io.adamesh.files.AtomicFiles.write(file, out -> JSON.writeValue(new java.io.FilterOutputStream(out) {
            @Override public void close() throws java.io.IOException { flush(); }
        }, root));
    }

    private static ArrayNode rows(float[] data, int width, int frames) {
        ArrayNode out = JSON.createArrayNode();
        for (int f = 0; f < frames; f++) {
            ArrayNode row = out.addArray();
            for (int i = 0; i < width; i++) row.add(data[f * width + i]);
        }
        return out;
    }

    public static Clip read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a readable clip (" + e.getMessage() + ")", e);
        }
        try {
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IOException("not an AdaMesh clip (missing \"format\": \"" + FORMAT + "\")");
            }
            int version = root.path("version").asInt(-1);
            if (version != Clip.FORMAT_VERSION) throw new IOException("clip format version " + version + " is not supported (this build reads " + Clip.FORMAT_VERSION + ")");
            List<String> channels = strings(root.path("channels"));
            List<String> joints = strings(root.path("joints"));
            int frames = root.path("frames").asInt(-1);
            float[] ex = flatten(root.path("expressions"), frames, channels.size(), "expressions");
            float[] po = flatten(root.path("pose"), frames, joints.size() * 3, "pose");
            float[] tr = flatten(root.path("translation"), frames, 3, "translation");
            JsonNode idn = root.path("identity");
            float[] id = new float[idn.size()];
            for (int i = 0; i < id.length; i++) id[i] = (float) idn.get(i).asDouble();
            return new Clip(root.path("face_model").asText(), root.path("fps").asDouble(), channels, joints, frames, ex, po, tr, id);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static float[] flatten(JsonNode rows, int frames, int width, String what) throws IOException {
        if (!rows.isArray() || rows.size() != frames) throw new IOException("'" + what + "' must have one row per frame (" + frames + ")");
        float[] out = new float[frames * width];
        for (int f = 0; f < frames; f++) {
            JsonNode row = rows.get(f);
            if (row.size() != width) throw new IOException("'" + what + "' row " + f + " has " + row.size() + " values, expected " + width);
            for (int i = 0; i < width; i++) {
                JsonNode v = row.get(i);
                if (!v.isNumber()) throw new IOException("'" + what + "' row " + f + " holds a non-number");
                out[f * width + i] = (float) v.asDouble();
            }
        }
        return out;
    }
}
