package io.adamesh.speaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.files.AtomicFiles;
import io.adamesh.model.FloatTensor;
import io.adamesh.model.SpeakerAdapter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * The speaker library on disk (format in docs/speaker-profiles.md): one directory per profile, named
 * by its id, holding {@code profile.json} (schema, name, dates, source, bundle, pose style, metrics and
 * the SHA-256 of the other files), {@code adapter.json} (style embedding and MoLoRA tensors, the
 * bundle's own {@code adamesh-speaker} v1 format) and {@code thumbnail.png}.
 *
 * <p>Saves are all or nothing: the profile is written into a hidden temporary directory next to the
 * profiles and renamed into place. A profile that cannot be read, or was adapted against another bundle,
 * is skipped by {@link #list()} with a line in {@link #warnings()}; the others load.
 */
public final class SpeakerProfileStore {
    public static final String EXPORT_EXTENSION = ".adamesh-speaker";
    public static final String FORMAT = "adamesh-speaker-profile";
    public static final int SCHEMA_VERSION = 1;
    public static final String PROFILE_JSON = "profile.json";
    public static final String ADAPTER_JSON = "adapter.json";
    public static final String THUMBNAIL_PNG = "thumbnail.png";
    private static final List<String> FILES = List.of(PROFILE_JSON, ADAPTER_JSON, THUMBNAIL_PNG);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final long MAX_FILE_BYTES = 32L << 20;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final BundleIdentity bundle;
    private volatile List<String> warnings = List.of();

    /** A library that accepts profiles of any bundle (for listing and file management only). */
    public SpeakerProfileStore(Path root) {
        this(root, null);
    }

    /** A library for {@code bundle}: profiles adapted against another bundle are refused. */
    public SpeakerProfileStore(Path root, BundleIdentity bundle) {
        this.root = root;
        this.bundle = bundle;
    }

    /** {@code $XDG_DATA_HOME/adamesh/speakers}, or {@code ~/.local/share/adamesh/speakers}. */
    public static Path defaultRoot() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("adamesh").resolve("speakers");
    }

    public Path root() {
        return root;
    }

    public BundleIdentity bundle() {
        return bundle;
    }

    /** A fresh id for a name: its lower-case letters and digits, a dash and 4 hex digits. */
    public String newId(String name) {
        String slug = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            slug = "speaker";
        }
        while (true) {
            String id = slug + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt(1 << 16));
            if (!Files.exists(root.resolve(id))) {
                return id;
            }
        }
    }

    /** Every readable profile for this bundle, oldest first; the others are named in {@link #warnings()}. */
    public List<SpeakerProfile> list() {
        List<SpeakerProfile> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (Files.isDirectory(root)) {
            List<Path> dirs = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (!n.startsWith(".") && Files.isDirectory(p)) {
                        dirs.add(p);
                    }
                }
            } catch (IOException e) {
                notes.add("The speaker library " + root + " cannot be read: " + e.getMessage());
            }
            dirs.sort(Comparator.comparing(p -> p.getFileName().toString()));
            for (Path dir : dirs) {
                try {
                    out.add(read(dir));
                } catch (SpeakerProfileException e) {
                    notes.add("Skipped speaker profile " + dir.getFileName() + ": " + e.getMessage());
                }
            }
        }
        out.sort(Comparator.comparing(SpeakerProfile::created).thenComparing(SpeakerProfile::id));
        warnings = List.copyOf(notes);
        return out;
    }

    /** One clear line per profile the last {@link #list()} skipped. */
    public List<String> warnings() {
        return warnings;
    }

    public SpeakerProfile load(String id) throws SpeakerProfileException {
        return read(existing(id));
    }

    public Optional<Path> thumbnail(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path png = root.resolve(id).resolve(THUMBNAIL_PNG);
        return Files.isRegularFile(png) ? Optional.of(png) : Optional.empty();
    }

    /**
     * Writes a profile (all or nothing): into a temporary directory, then renamed to {@code root/id}.
     * A profile of the same id is replaced.
     */
    public void save(SpeakerProfile p, byte[] thumbnailPng) throws SpeakerProfileException {
        checkId(p.id());
        if (p.name() == null || p.name().isBlank()) {
            throw new SpeakerProfileException("Speaker profile " + p.id() + " needs a name");
        }
        if (bundle != null) {
            checkTensors(p.adapter(), "speaker profile " + p.id());
        }
        if (thumbnailPng == null || !isPng(thumbnailPng)) {
            throw new SpeakerProfileException("Speaker profile " + p.id() + ": the thumbnail is not a PNG image");
        }
        byte[] adapter = adapterJson(p.adapter(), p.id());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ADAPTER_JSON, adapter);
        files.put(THUMBNAIL_PNG, thumbnailPng);
        files.put(PROFILE_JSON, profileJson(p, bundleOf(p), files));
        install(p.id(), files);
    }

    /** Saves a new profile, under a fresh id if its id is taken; returns the profile as saved. */
    public SpeakerProfile saveNew(SpeakerProfile p, byte[] thumbnailPng) throws SpeakerProfileException {
        SpeakerProfile q = p;
        if (p.id() == null || !ID.matcher(p.id()).matches() || Files.exists(root.resolve(p.id()))) {
            q = p.withId(newId(p.name()));
        }
        save(q, thumbnailPng);
        return q;
    }

    /** Renames (the display name; the id and directory stay). */
    public SpeakerProfile rename(String id, String newName) throws SpeakerProfileException {
        if (newName == null || newName.isBlank()) {
            throw new SpeakerProfileException("A speaker profile needs a non-empty name");
        }
        Path dir = existing(id);
        Path json = dir.resolve(PROFILE_JSON);
        ObjectNode root = (ObjectNode) readJson(json, dir);
        root.put("name", newName.strip());
        try {
            AtomicFiles.write(json, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
        } catch (IOException e) {
            throw new SpeakerProfileException("Cannot rename speaker profile " + dir + ": " + e.getMessage(), e);
        }
        return read(dir);
    }

    /** Deletes a profile: renamed aside first, so a failure half-way never leaves a half profile listed. */
    public void delete(String id) throws SpeakerProfileException {
        Path dir = existing(id);
        Path trash = root.resolve(".deleted-" + id + "-" + System.nanoTime());
        try {
            move(dir, trash);
        } catch (IOException e) {
            throw new SpeakerProfileException("Cannot delete speaker profile " + dir + ": " + e.getMessage(), e);
        }
        deleteTree(trash);
    }

    /** Writes the profile as one zip file (entries profile.json, adapter.json, thumbnail.png). */
    public void exportTo(String id, Path file) throws SpeakerProfileException {
        Path dir = existing(id);
        read(dir);   // only a sound profile goes out
        try {
            AtomicFiles.write(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                for (String name : FILES) {
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write(Files.readAllBytes(dir.resolve(name)));
                    zip.closeEntry();
                }
                zip.finish();
            });
        } catch (IOException e) {
            throw new SpeakerProfileException("Cannot export speaker profile " + id + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an exported profile, checks all of it (format, checksums, bundle, tensors, image) before
     * writing anything, and adds it to the library under a fresh id if its id is taken.
     */
    public SpeakerProfile importFrom(Path file) throws SpeakerProfileException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!FILES.contains(name)) {
                    throw new SpeakerProfileException(file + " is not a speaker profile export: unexpected entry '" + name + "'");
                }
                if (entries.containsKey(name)) {
                    throw new SpeakerProfileException(file + " holds '" + name + "' twice");
                }
                entries.put(name, readLimited(zip, file, name));
            }
        } catch (NoSuchFileException e) {
            throw new SpeakerProfileException(file + " not found", e);
        } catch (IOException e) {
            throw new SpeakerProfileException(file + " is not a readable speaker profile export (zip): " + e.getMessage(), e);
        }
        for (String name : FILES) {
            if (!entries.containsKey(name)) {
                throw new SpeakerProfileException(file + " is not a complete speaker profile export: '" + name + "' is missing");
            }
        }
        SpeakerProfile p = parse(entries, file.toString());
        String id = p.id();
        if (Files.exists(root.resolve(id))) {
            id = newId(p.name());
        }
        SpeakerProfile renamed = new SpeakerProfile(id, p.name(), p.created(), p.source(),
                new SpeakerAdapter(id, p.adapter().style(), p.adapter().lora()), p.poseStyle(), p.poseNearest(), p.metrics());
        JsonNode profile = readJson(entries.get(PROFILE_JSON), file.toString());
        BundleIdentity made = new BundleIdentity(profile.path("bundle").path("name").asText(),
                profile.path("bundle").path("expression_sha256").asText(), Map.of(), 0);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ADAPTER_JSON, adapterJson(renamed.adapter(), id));
        files.put(THUMBNAIL_PNG, entries.get(THUMBNAIL_PNG));
        files.put(PROFILE_JSON, profileJson(renamed, made, files));
        install(id, files);
        return read(root.resolve(id));
    }

    // ---- reading -----------------------------------------------------------------------------

    private SpeakerProfile read(Path dir) throws SpeakerProfileException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : FILES) {
            Path f = dir.resolve(name);
            try {
                if (Files.size(f) > MAX_FILE_BYTES) {
                    throw new SpeakerProfileException(f + " is larger than " + (MAX_FILE_BYTES >> 20) + " MB");
                }
                files.put(name, Files.readAllBytes(f));
            } catch (NoSuchFileException e) {
                throw new SpeakerProfileException(f + " is missing", e);
            } catch (IOException e) {
                throw new SpeakerProfileException(f + " cannot be read: " + e.getMessage(), e);
            }
        }
        SpeakerProfile p = parse(files, dir.toString());
        if (!p.id().equals(dir.getFileName().toString())) {
            throw new SpeakerProfileException(dir.resolve(PROFILE_JSON) + " says id '" + p.id()
                    + "', but its directory is " + dir.getFileName());
        }
        return p;
    }

    /** Checks and decodes the three files of a profile; {@code where} names them in messages. */
    private SpeakerProfile parse(Map<String, byte[]> files, String where) throws SpeakerProfileException {
        String pj = where + "/" + PROFILE_JSON;
        JsonNode root = readJson(files.get(PROFILE_JSON), pj);
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new SpeakerProfileException(pj + " is not an " + FORMAT + " file");
        }
        int version = root.path("schema_version").asInt(-1);
        if (version != SCHEMA_VERSION) {
            throw new SpeakerProfileException(pj + " has schema version " + version + "; this version of AdaMesh reads "
                    + SCHEMA_VERSION + (version > SCHEMA_VERSION ? " (made by a newer AdaMesh)" : ""));
        }
        for (String name : List.of(ADAPTER_JSON, THUMBNAIL_PNG)) {
            String expected = root.path("files").path(name).asText();
            String actual = BundleIdentity.sha256(files.get(name));
            if (!actual.equalsIgnoreCase(expected)) {
                throw new SpeakerProfileException(where + "/" + name + " does not match the checksum in " + PROFILE_JSON
                        + " (damaged or edited)");
            }
        }
        String id = root.path("id").asText();
        if (!ID.matcher(id).matches()) {
            throw new SpeakerProfileException(pj + ": id '" + id + "' is not valid (lower-case letters, digits and dashes)");
        }
        String name = root.path("name").asText();
        if (name.isBlank()) {
            throw new SpeakerProfileException(pj + " has no name");
        }
        JsonNode b = root.path("bundle");
        if (bundle != null && !bundle.checksum().equalsIgnoreCase(b.path("expression_sha256").asText())) {
            throw new SpeakerProfileException("speaker '" + name + "' (" + where + ") was adapted for model bundle '"
                    + b.path("name").asText("?") + "' (expression.onnx " + abbreviate(b.path("expression_sha256").asText())
                    + "), not the loaded bundle " + bundle.describe() + "; adapt it again from its video");
        }
        Instant created;
        try {
            created = Instant.parse(root.path("created").asText());
        } catch (DateTimeParseException e) {
            throw new SpeakerProfileException(pj + ": 'created' is not an ISO-8601 instant", e);
        }
        JsonNode s = root.path("source");
        var source = new SpeakerProfile.ProfileSource(s.path("video").asText(""), s.path("start_seconds").asDouble(Double.NaN),
                s.path("end_seconds").asDouble(Double.NaN), s.path("video_sha256").asText(""));
        JsonNode m = root.path("metrics");
        var metrics = new SpeakerProfile.AdaptMetrics(num(m, "held_out_loss_before"), num(m, "held_out_loss_after"),
                num(m, "lve_before_mm"), num(m, "lve_after_mm"), m.path("steps").asInt(0), m.path("best_step").asInt(-1),
                num(m, "seconds"), num(m, "usable_face_fraction"));
        JsonNode ps = root.path("pose_style");
        float[] poseStyle = null;
        int nearest = -1;
        if (ps.isObject()) {
            nearest = ps.path("nearest").asInt(-1);
            JsonNode e = ps.path("embedding");
            if (e.isArray()) {
                poseStyle = new float[e.size()];
                for (int i = 0; i < poseStyle.length; i++) {
                    if (!e.get(i).isNumber()) {
                        throw new SpeakerProfileException(pj + ": pose_style.embedding holds a non-number");
                    }
                    poseStyle[i] = (float) e.get(i).asDouble();
                }
            }
        }
        SpeakerAdapter adapter = parseAdapter(files.get(ADAPTER_JSON), where + "/" + ADAPTER_JSON, id);
        if (bundle != null) {
            checkTensors(adapter, where + "/" + ADAPTER_JSON);
        }
        if (!isPng(files.get(THUMBNAIL_PNG))) {
            throw new SpeakerProfileException(where + "/" + THUMBNAIL_PNG + " is not a PNG image");
        }
        try {
            if (ImageIO.read(new ByteArrayInputStream(files.get(THUMBNAIL_PNG))) == null) {
                throw new SpeakerProfileException(where + "/" + THUMBNAIL_PNG + " cannot be decoded");
            }
        } catch (IOException e) {
            throw new SpeakerProfileException(where + "/" + THUMBNAIL_PNG + " cannot be decoded: " + e.getMessage(), e);
        }
        return new SpeakerProfile(id, name, created, source, adapter, poseStyle, nearest, metrics);
    }

    private static SpeakerAdapter parseAdapter(byte[] bytes, String where, String id) throws SpeakerProfileException {
        JsonNode a = readJson(bytes, where);
        if (!"adamesh-speaker".equals(a.path("format").asText()) || a.path("version").asInt() != 1) {
            throw new SpeakerProfileException(where + " is not an adamesh-speaker v1 file");
        }
        FloatTensor style = tensor(a.path("style"), where, "style");
        Map<String, FloatTensor> lora = new LinkedHashMap<>();
        var it = a.path("lora").fields();
        while (it.hasNext()) {
            var e = it.next();
            lora.put(e.getKey(), tensor(e.getValue(), where, e.getKey()));
        }
        if (lora.isEmpty()) {
            throw new SpeakerProfileException(where + " holds no MoLoRA tensors");
        }
        return new SpeakerAdapter(id, style, lora);
    }

    private static FloatTensor tensor(JsonNode node, String where, String what) throws SpeakerProfileException {
        if (!node.path("shape").isArray() || !node.path("data").isTextual()) {
            throw new SpeakerProfileException(where + ": tensor '" + what + "' lacks shape or data");
        }
        try {
            long[] shape = new long[node.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = node.path("shape").get(i).asLong(-1);
            }
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(node.path("data").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.remaining() % 4 != 0) {
                throw new SpeakerProfileException(where + ": tensor '" + what + "' is not whole float32 values");
            }
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new SpeakerProfileException(where + ": tensor '" + what + "' holds NaN or infinite values");
                }
            }
            return new FloatTensor(values, shape);
        } catch (IllegalArgumentException e) {
            throw new SpeakerProfileException(where + ": tensor '" + what + "' is malformed: " + e.getMessage(), e);
        }
    }

    private void checkTensors(SpeakerAdapter a, String where) throws SpeakerProfileException {
        if (a.style().data().length != bundle.styleDimension()) {
            throw new SpeakerProfileException(where + ": style has " + a.style().data().length + " values, the bundle's is "
                    + bundle.styleDimension());
        }
        if (!a.lora().keySet().equals(bundle.loraShapes().keySet())) {
            throw new SpeakerProfileException(where + ": MoLoRA tensors " + a.lora().keySet()
                    + " are not the bundle's " + bundle.loraShapes().keySet());
        }
        for (var e : bundle.loraShapes().entrySet()) {
            if (!Arrays.equals(a.lora().get(e.getKey()).shape(), e.getValue())) {
                throw new SpeakerProfileException(where + ": MoLoRA tensor '" + e.getKey() + "' has shape "
                        + Arrays.toString(a.lora().get(e.getKey()).shape()) + ", the bundle takes " + Arrays.toString(e.getValue()));
            }
        }
    }

    // ---- writing -----------------------------------------------------------------------------

    private BundleIdentity bundleOf(SpeakerProfile p) throws SpeakerProfileException {
        if (bundle == null) {
            throw new SpeakerProfileException("Cannot save speaker profile " + p.id()
                    + ": the library was opened without a model bundle to record");
        }
        return bundle;
    }

    private static byte[] adapterJson(SpeakerAdapter a, String id) throws SpeakerProfileException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "adamesh-speaker");
        root.put("version", 1);
        root.put("id", id);
        root.set("style", tensorJson(a.style()));
        ObjectNode lora = root.putObject("lora");
        for (var e : a.lora().entrySet()) {
            lora.set(e.getKey(), tensorJson(e.getValue()));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new SpeakerProfileException("Cannot encode speaker profile " + id + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode tensorJson(FloatTensor t) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode shape = n.putArray("shape");
        for (long s : t.shape()) {
            shape.add(s);
        }
        ByteBuffer b = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.data());
        n.put("data", Base64.getEncoder().encodeToString(b.array()));
        return n;
    }

    private static byte[] profileJson(SpeakerProfile p, BundleIdentity made, Map<String, byte[]> files)
            throws SpeakerProfileException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("schema_version", SCHEMA_VERSION);
        root.put("id", p.id());
        root.put("name", p.name().strip());
        root.put("created", p.created().toString());
        ObjectNode s = root.putObject("source");
        if (p.source() != null) {
            s.put("video", p.source().video());
            putNum(s, "start_seconds", p.source().startSeconds());
            putNum(s, "end_seconds", p.source().endSeconds());
            s.put("video_sha256", p.source().videoSha256());
        }
        ObjectNode b = root.putObject("bundle");
        b.put("name", made.name());
        b.put("expression_sha256", made.checksum());
        if (p.poseStyle() != null || p.poseNearest() >= 0) {
            ObjectNode ps = root.putObject("pose_style");
            ps.put("method", "retrieval: soft similarity-weighted blend of the training styles");
            ps.put("nearest", p.poseNearest());
            if (p.poseStyle() != null) {
                ArrayNode e = ps.putArray("embedding");
                for (float v : p.poseStyle()) {
                    e.add(v);
                }
            }
        }
        ObjectNode m = root.putObject("metrics");
        var x = p.metrics() == null ? SpeakerProfile.AdaptMetrics.unknown() : p.metrics();
        putNum(m, "held_out_loss_before", x.heldOutLossBefore());
        putNum(m, "held_out_loss_after", x.heldOutLossAfter());
        putNum(m, "lve_before_mm", x.lveBeforeMm());
        putNum(m, "lve_after_mm", x.lveAfterMm());
        m.put("steps", x.steps());
        m.put("best_step", x.bestStep());
        putNum(m, "seconds", x.seconds());
        putNum(m, "usable_face_fraction", x.usableFaceFraction());
        ObjectNode f = root.putObject("files");
        for (var e : files.entrySet()) {
            f.put(e.getKey(), BundleIdentity.sha256(e.getValue()));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new SpeakerProfileException("Cannot encode speaker profile " + p.id() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the files into a hidden temporary directory and renames it to {@code root/id}. */
    private void install(String id, Map<String, byte[]> files) throws SpeakerProfileException {
        Path target = root.resolve(id);
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, ".saving-" + id + "-");
            for (var e : files.entrySet()) {
                Files.write(tmp.resolve(e.getKey()), e.getValue());
            }
            if (Files.exists(target)) {
                Path old = root.resolve(".replaced-" + id + "-" + System.nanoTime());
                move(target, old);
                try {
                    move(tmp, target);
                } catch (IOException e) {
                    move(old, target);
                    throw e;
                }
                deleteTree(old);
            } else {
                move(tmp, target);
            }
            tmp = null;
        } catch (IOException e) {
            throw new SpeakerProfileException("Cannot save speaker profile " + id + " in " + root + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover hidden directory is skipped by list() and harmless
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Path existing(String id) throws SpeakerProfileException {
        checkId(id);
        Path dir = root.resolve(id);
        if (!Files.isDirectory(dir)) {
            throw new SpeakerProfileException("No speaker profile '" + id + "' in " + root);
        }
        return dir;
    }

    private static void checkId(String id) throws SpeakerProfileException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new SpeakerProfileException("'" + id + "' is not a speaker profile id (lower-case letters, digits, dashes)");
        }
    }

    private static JsonNode readJson(byte[] bytes, String where) throws SpeakerProfileException {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new SpeakerProfileException(where + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new SpeakerProfileException(where + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static JsonNode readJson(Path file, Path dir) throws SpeakerProfileException {
        try {
            return readJson(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new SpeakerProfileException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] readLimited(InputStream in, Path file, String name) throws IOException, SpeakerProfileException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_FILE_BYTES) {
                throw new SpeakerProfileException(file + ": '" + name + "' is larger than " + (MAX_FILE_BYTES >> 20) + " MB");
            }
        }
        return out.toByteArray();
    }

    private static boolean isPng(byte[] b) {
        return b != null && b.length > PNG_SIGNATURE.length && Arrays.equals(Arrays.copyOf(b, PNG_SIGNATURE.length), PNG_SIGNATURE);
    }

    private static double num(JsonNode m, String key) {
        JsonNode n = m.path(key);
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static void putNum(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    static Set<String> fileNames() {
        return Set.copyOf(FILES);
    }
}
