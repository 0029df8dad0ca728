package io.adamesh.timeline.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.clip.Clip;
import io.adamesh.timeline.AnimationClip;
import io.adamesh.timeline.Blend;
import io.adamesh.timeline.ClipSource;
import io.adamesh.timeline.Curve;
import io.adamesh.timeline.Key;
import io.adamesh.timeline.Layer;
import io.adamesh.timeline.Marker;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TangentMode;
import io.adamesh.timeline.Track;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes project files (see {@code docs/project-format.md}): a JSON document plus a binary
 * sidecar {@code <file>.<crc32>.amsd} with the dense data (animation clips, curves with many keys).
 * The sidecar is written first under a content-named file, then the JSON atomically; older sidecars
 * are removed only after that, so a crash at any point leaves a consistent pair on disk.
 */
public final class ProjectIO {
    public static final String FORMAT = "adamesh-project";
    public static final int VERSION = 1;
    /** Curves with more keys than this go to the sidecar. */
    static final int DENSE_KEYS = 64;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProjectIO() {}

    /** What opening found: the project, and the media clips whose files are missing (marked offline). */
    public record Loaded(Project project, List<String> missingMedia) {}

    /**
     * Saves {@code project} to {@code file}. Refuses to replace an existing file that is not a project
     * this version can read (corrupt or newer), so such a file is never lost by accident.
     */
    public static void save(Project project, Path file) throws IOException {
        if (Files.exists(file)) {
            try {
                probe(file);
            } catch (ProjectFormatException e) {
                throw new ProjectFormatException("Not saving over " + file.getFileName() + ": " + e.getMessage()
                        + " Save under another name.", e);
            }
        }
        write(project, file);
    }

    /** Writes without checking what {@code file} held before (autosave files, explicit "replace"). */
    public static void write(Project project, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Sidecar.Writer side = new Sidecar.Writer();
        ObjectNode root = toJson(project, dir, side);
        byte[] data = side.toByteArray();
        String crc = Sidecar.crc(data);
        String sideName = abs.getFileName() + "." + crc + ".amsd";
        ObjectNode sc = root.putObject("sidecar");
        sc.put("file", sideName);
        sc.put("bytes", data.length);
        sc.put("crc32", crc);
        AtomicWrite.write(dir.resolve(sideName), out -> out.write(data));
        AtomicWrite.write(abs, out -> JSON.writeValue(new NonClosing(out), root));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, glob(abs.getFileName() + ".") + "*.amsd")) {
            for (Path p : old) if (!p.getFileName().toString().equals(sideName)) Files.deleteIfExists(p);
        }
    }

    /** Sidecar files belonging to {@code file}. */
    public static List<Path> sidecars(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(abs.getParent())) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(abs.getParent(), glob(abs.getFileName() + ".") + "*.amsd")) {
            s.forEach(out::add);
        }
        return out;
    }

    private static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) { super(out); }
        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
        @Override public void close() throws IOException { flush(); }
    }

    static ObjectNode toJson(Project p, Path dir, Sidecar.Writer side) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("name", p.name());
        root.put("fps", p.fps());
        root.put("duration", p.duration());
        root.put("next_id", p.nextIdValue());
        ObjectNode tracks = root.putObject("tracks");
        tracks.set("voice", media(p.voice(), dir));
        tracks.set("reference", media(p.reference(), dir));
        ArrayNode anim = tracks.putArray("animation");
        for (AnimationClip a : p.animation().clips()) {
            ObjectNode n = anim.addObject();
            n.put("id", a.id());
            n.put("offset", a.offset());
            n.put("in", a.in());
            n.put("out", a.out());
            ObjectNode src = n.putObject("source");
            src.put("kind", a.source().kind());
            src.put("voice_clip", a.source().voiceClipId());
            src.put("model", a.source().model());
            ObjectNode settings = src.putObject("settings");
            a.source().settings().forEach(settings::put);
            Clip c = a.clip();
            ObjectNode cn = n.putObject("clip");
            cn.put("face_model", c.faceModelId());
            cn.put("fps", c.fps());
            cn.put("frames", c.frameCount());
            ArrayNode ch = cn.putArray("channels");
            c.channels().forEach(ch::add);
            ArrayNode jn = cn.putArray("joints");
            c.joints().forEach(jn::add);
            cn.set("expressions", block(side.putFloats(c.expressions()), c.expressions().length, "f32"));
            cn.set("pose", block(side.putFloats(c.pose()), c.pose().length, "f32"));
            cn.set("translation", block(side.putFloats(c.translation()), c.translation().length, "f32"));
            cn.set("identity", block(side.putFloats(c.identity()), c.identity().length, "f32"));
        }
        ArrayNode markers = root.putArray("markers");
        for (Marker m : p.markers()) {
            ObjectNode n = markers.addObject();
            n.put("id", m.id());
            n.put("time", m.time());
            n.put("label", m.label());
        }
        ArrayNode layers = root.putArray("layers");
        for (Layer l : p.layers()) {
            ObjectNode n = layers.addObject();
            n.put("id", l.id());
            n.put("name", l.name());
            n.put("muted", l.muted());
            n.put("blend", l.defaultBlend().name().toLowerCase());
            ArrayNode curves = n.putArray("curves");
            for (Curve c : l.curves()) {
                if (c.isEmpty()) continue;
                ObjectNode cn = curves.addObject();
                cn.put("channel", c.channel());
                if (c.size() > DENSE_KEYS) {
                    double[] packed = new double[c.size() * 7];
                    for (int i = 0; i < c.size(); i++) {
                        Key k = c.key(i);
                        System.arraycopy(new double[] {k.id(), k.time(), k.value(), k.mode().ordinal(), k.inSlope(),
                                k.outSlope(), k.blend().ordinal()}, 0, packed, i * 7, 7);
                    }
                    cn.set("dense_keys", block(side.putDoubles(packed), packed.length, "f64"));
                } else {
                    ArrayNode keys = cn.putArray("keys");
                    for (Key k : c.keys()) {
                        ObjectNode kn = keys.addObject();
                        kn.put("id", k.id());
                        kn.put("t", k.time());
                        kn.put("v", k.value());
                        kn.put("mode", k.mode().name().toLowerCase());
                        if (k.mode() == TangentMode.FREE) {
                            kn.put("in", k.inSlope());
                            kn.put("out", k.outSlope());
                        }
                        kn.put("blend", k.blend().name().toLowerCase());
                    }
                }
            }
        }
        return root;
    }

    private static ObjectNode block(long offset, int count, String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("offset", offset);
        n.put("count", count);
        n.put("type", type);
        return n;
    }

    private static ArrayNode media(Track<MediaClip> track, Path dir) {
        ArrayNode arr = JSON.createArrayNode();
        for (MediaClip m : track.clips()) {
            ObjectNode n = arr.addObject();
            n.put("id", m.id());
            n.put("path", relative(dir, m.path()));
            n.put("duration", m.sourceDuration());
            n.put("offset", m.offset());
            n.put("in", m.in());
            n.put("out", m.out());
        }
        return arr;
    }

    /** Media path as stored: relative to the project folder with '/' separators where possible. */
    static String relative(Path dir, String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) return path.replace('\\', '/');
        try {
            if (p.getRoot() != null && p.getRoot().equals(dir.getRoot())) {
                return dir.relativize(p).toString().replace('\\', '/');
            }
        } catch (IllegalArgumentException e) {
            // different roots (Windows drives): keep absolute
        }
        return p.toString();
    }

    /** Checks that {@code file} is a project this version reads (format and version only). */
    public static void probe(Path file) throws IOException {
        header(readTree(file), file);
    }

    private static JsonNode readTree(Path file) throws IOException {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) throw new ProjectFormatException(file.getFileName() + " is empty or not a project file.");
            return root;
        } catch (JsonProcessingException e) {
            throw new ProjectFormatException(file.getFileName() + " is damaged and cannot be opened (not valid JSON near line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ").", e);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new NoSuchFileException(file.toString(), null, "project file not found");
        }
    }

    private static void header(JsonNode root, Path file) throws ProjectFormatException {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ProjectFormatException(file.getFileName() + " is not an AdaMesh Studio project.");
        }
        int v = root.path("version").asInt(-1);
        if (v > VERSION) {
            throw new ProjectFormatException(file.getFileName() + " was saved by a newer AdaMesh Studio (project format "
                    + v + "; this version reads up to " + VERSION + "). Open it with a newer version; the file was not changed.");
        }
        if (v < 1) throw new ProjectFormatException(file.getFileName() + " has no valid format version.");
    }

    public static Loaded read(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        JsonNode root = readTree(abs);
        header(root, abs);
        try {
            return parse(root, abs);
        } catch (ProjectFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProjectFormatException(file.getFileName() + " is damaged and cannot be opened (" + e.getMessage() + ").", e);
        }
    }

    private static Loaded parse(JsonNode root, Path abs) throws IOException {
        Path dir = abs.getParent();
        JsonNode sc = root.path("sidecar");
        String sideName = req(sc, "file").asText();
        Path sidePath = dir.resolve(sideName);
        if (!sidePath.normalize().getParent().equals(dir.normalize())) throw new ProjectFormatException("sidecar outside the project folder");
        byte[] data;
        try {
            data = Files.readAllBytes(sidePath);
        } catch (NoSuchFileException e) {
            throw new ProjectFormatException("The data file " + sideName + " that belongs to " + abs.getFileName()
                    + " is missing; keep it next to the project file.");
        }
        if (data.length != sc.path("bytes").asLong(-1) || !Sidecar.crc(data).equals(sc.path("crc32").asText())) {
            throw new ProjectFormatException("The data file " + sideName + " is damaged (its checksum does not match).");
        }
        Sidecar.Reader side = new Sidecar.Reader(data, sideName);
        Project p = new Project(root.path("name").asText("Untitled"), req(root, "fps").asDouble(), root.path("duration").asDouble());
        List<String> missing = new ArrayList<>();
        JsonNode tracks = req(root, "tracks");
        for (MediaClip m : media(tracks.path("voice"), dir, missing)) p.voice().add(m);
        for (MediaClip m : media(tracks.path("reference"), dir, missing)) p.reference().add(m);
        for (JsonNode n : tracks.path("animation")) {
            JsonNode cn = req(n, "clip");
            List<String> channels = strings(cn.path("channels"));
            List<String> joints = strings(cn.path("joints"));
            Clip clip = new Clip(cn.path("face_model").asText(), req(cn, "fps").asDouble(), channels, joints,
                    req(cn, "frames").asInt(), floats(side, cn.path("expressions")), floats(side, cn.path("pose")),
                    floats(side, cn.path("translation")), floats(side, cn.path("identity")));
            JsonNode s = n.path("source");
            Map<String, String> settings = new LinkedHashMap<>();
            s.path("settings").properties().forEach(e -> settings.put(e.getKey(), e.getValue().asText()));
            ClipSource src = new ClipSource(s.path("kind").asText("generated"), s.path("voice_clip").isNull() ? null
                    : s.path("voice_clip").asText(null), s.path("model").asText(null), settings);
            p.animation().add(new AnimationClip(req(n, "id").asText(), clip, src, n.path("offset").asDouble(),
                    n.path("in").asDouble(), n.path("out").asDouble(clip.durationSeconds())));
        }
        for (JsonNode n : root.path("markers")) p.addMarker(new Marker(req(n, "id").asText(), n.path("time").asDouble(), n.path("label").asText("")));
        int li = 0;
        for (JsonNode n : root.path("layers")) {
            Layer l = new Layer(req(n, "id").asText(), n.path("name").asText(), blend(n.path("blend").asText("add")));
            l.setMuted(n.path("muted").asBoolean(false));
            for (JsonNode cn : n.path("curves")) {
                List<Key> keys = new ArrayList<>();
                if (cn.has("dense_keys")) {
                    JsonNode b = cn.get("dense_keys");
                    double[] d = side.doubles(b.path("offset").asLong(), b.path("count").asInt());
                    for (int i = 0; i + 7 <= d.length; i += 7) {
                        keys.add(new Key((long) d[i], d[i + 1], d[i + 2], TangentMode.values()[(int) d[i + 3]], d[i + 4], d[i + 5],
                                Blend.values()[(int) d[i + 6]]));
                    }
                } else {
                    for (JsonNode k : cn.path("keys")) {
                        keys.add(new Key(req(k, "id").asLong(), req(k, "t").asDouble(), req(k, "v").asDouble(),
                                TangentMode.valueOf(k.path("mode").asText("smooth").toUpperCase()),
                                k.path("in").asDouble(0), k.path("out").asDouble(0), blend(k.path("blend").asText("add"))));
                    }
                }
                l.curveOrCreate(req(cn, "channel").asText()).setKeys(keys);
            }
            p.addLayer(li++, l);
        }
        p.setNextId(root.path("next_id").asLong(1));
        return new Loaded(p, missing);
    }

    private static Blend blend(String s) { return Blend.valueOf(s.toUpperCase()); }

    private static JsonNode req(JsonNode n, String field) throws ProjectFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new ProjectFormatException("The project file is damaged: \"" + field + "\" is missing.");
        return v;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static float[] floats(Sidecar.Reader side, JsonNode block) throws ProjectFormatException {
        if (!"f32".equals(block.path("type").asText())) throw new ProjectFormatException("The project file is damaged: bad data block.");
        return side.floats(block.path("offset").asLong(), block.path("count").asInt());
    }

    private static List<MediaClip> media(JsonNode arr, Path dir, List<String> missing) throws ProjectFormatException {
        List<MediaClip> out = new ArrayList<>();
        for (JsonNode n : arr) {
            String stored = req(n, "path").asText();
            Path resolved = dir.resolve(stored).normalize();
            boolean offline = !Files.isRegularFile(resolved);
            if (offline) missing.add(stored);
            out.add(new MediaClip(req(n, "id").asText(), resolved.toString(), n.path("duration").asDouble(),
                    n.path("offset").asDouble(), n.path("in").asDouble(), n.path("out").asDouble(), offline));
        }
        return out;
    }

}
