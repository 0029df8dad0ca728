package io.adamesh.face;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A FLAME-structured parametric head: template, identity and expression blend shapes, pose
 * correctives, joint regressor, linear-blend skinning over {@code root -> neck -> jaw, eye_left,
 * eye_right}, UVs, vertex colours, per-face part labels and a 68-point landmark embedding (iBUG order).
 *
 * <p>Vertices = LBS(template + shape + expression + pose correctives, joints(shaped)), FLAME's
 * equations (see {@link RigEvaluator}). Units are metres; y is up, +z looks out of the face, +x is the
 * subject's left. Arrays returned by accessors are the model's own: treat them as read-only.
 *
 * <p>File format: {@code .npz} with FLAME's key names ({@code v_template, f, shapedirs, posedirs,
 * J_regressor, weights, kintree_table}) plus {@code shape_names, expression_names, joint_names, vt,
 * ft, vc, face_part, part_names, lmk_faces_idx, lmk_b_coords, model_id}. {@code shapedirs} holds the
 * identity directions first, then the expression directions, as FLAME does. See docs/head-model.md.
 */
public final class FaceModel {
    public static final List<String> JOINT_NAMES = List.of("root", "neck", "jaw", "eye_left", "eye_right");
    public static final int ROOT = 0, NECK = 1, JAW = 2, EYE_LEFT = 3, EYE_RIGHT = 4;
    public static final int LANDMARKS = 68;

    private final String id;
    private final int vertexCount;
    private final float[] template;
    private final int[] faces;
    private final List<String> shapeNames;
    private final List<String> expressionNames;
    private final float[][] shapeDirs;
    private final float[][] expressionDirs;
    private final float[][] poseDirs;
    private final float[][] jointRegressor;
    private final float[] weights;
    private final int[] parents;
    private final List<String> jointNames;
    private final float[] uvs;
    private final int[] uvFaces;
    private final float[] colors;
    private final int[] faceParts;
    private final List<String> partNames;
    private final int[] landmarkFaces;
    private final float[] landmarkBary;
    private String checksum = "";
    private byte[] textureRgb;
    private int textureWidth;
    private int textureHeight;

    /** All arrays flat, row-major; see the class comment for their meaning. Validates every shape. */
    public FaceModel(String id, float[] template, int[] faces,
                     List<String> shapeNames, float[][] shapeDirs,
                     List<String> expressionNames, float[][] expressionDirs,
                     float[][] poseDirs, float[][] jointRegressor, float[] weights, int[] parents,
                     List<String> jointNames, float[] uvs, int[] uvFaces, float[] colors,
                     int[] faceParts, List<String> partNames, int[] landmarkFaces, float[] landmarkBary) {
        this.id = id;
        this.template = template;
        this.faces = faces;
        this.vertexCount = template.length / 3;
        this.shapeNames = List.copyOf(shapeNames);
        this.shapeDirs = shapeDirs;
        this.expressionNames = List.copyOf(expressionNames);
        this.expressionDirs = expressionDirs;
        this.poseDirs = poseDirs;
        this.jointRegressor = jointRegressor;
        this.weights = weights;
        this.parents = parents;
        this.jointNames = List.copyOf(jointNames);
        this.uvs = uvs;
        this.uvFaces = uvFaces;
        this.colors = colors;
        this.faceParts = faceParts;
        this.partNames = List.copyOf(partNames);
        this.landmarkFaces = landmarkFaces;
        this.landmarkBary = landmarkBary;
        validate();
    }

    private void validate() {
        int v = vertexCount;
        int j = parents.length;
        require(template.length == v * 3, "v_template must be [V, 3]");
        require(faces.length % 3 == 0, "f must be [F, 3]");
        for (int idx : faces) require(idx >= 0 && idx < v, "f references vertex " + idx + " of " + v);
        require(shapeDirs.length == shapeNames.size(), "shape_names count " + shapeNames.size() + " != identity directions " + shapeDirs.length);
        require(expressionDirs.length == expressionNames.size(), "expression_names count " + expressionNames.size() + " != expression directions " + expressionDirs.length);
        for (float[] d : shapeDirs) require(d.length == v * 3, "shapedirs must be [V, 3, K]");
        for (float[] d : expressionDirs) require(d.length == v * 3, "shapedirs must be [V, 3, K]");
        require(poseDirs.length == 9 * (j - 1), "posedirs must have 9 * (J - 1) = " + 9 * (j - 1) + " directions, has " + poseDirs.length);
        for (float[] d : poseDirs) require(d.length == v * 3, "posedirs must be [V, 3, P]");
        require(jointRegressor.length == j, "J_regressor must be [J=" + j + ", V]");
        for (float[] r : jointRegressor) require(r.length == v, "J_regressor must be [J, V=" + v + "]");
        require(weights.length == v * j, "weights must be [V=" + v + ", J=" + j + "]");
        require(jointNames.size() == j, "joint_names must have J=" + j + " names");
        require(parents[0] < 0, "kintree_table: joint 0 must be the root");
        for (int k = 1; k < j; k++) require(parents[k] >= 0 && parents[k] < k, "kintree_table: parent of joint " + k + " must precede it");
        require(uvFaces.length == faces.length, "ft must be [F, 3] like f");
        for (int t : uvFaces) require(t >= 0 && t < uvs.length / 2, "ft references uv " + t);
        require(colors.length == v * 3, "vc must be [V, 3]");
        require(faceParts.length == faces.length / 3, "face_part must be [F]");
        for (int p : faceParts) require(p >= 0 && p < partNames.size(), "face_part " + p + " has no name");
        require(landmarkFaces.length == landmarkBary.length / 3, "lmk_faces_idx and lmk_b_coords disagree");
        for (int f : landmarkFaces) require(f >= 0 && f < faces.length / 3, "lmk_faces_idx references face " + f);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    // ---- file I/O --------------------------------------------------------------------------

    /**
     * Loads a head from an {@code .npz}, or from a FLAME {@code .pkl} (read by the restricted pickle
     * reader of {@link io.adamesh.face.flame.FlameFile}); every problem is reported naming the file.
     */
    public static FaceModel load(Path file) throws FaceModelException {
        Map<String, NpyArray> a;
        try {
            boolean pickle = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pkl");
            a = pickle ? io.adamesh.face.flame.FlameFile.readArrays(file) : Npz.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new FaceModelException(file + ": not found", e);
        } catch (IOException e) {
            throw new FaceModelException(e.getMessage(), e);
        }
        try {
            FaceModel m = fromArrays(a, file.getFileName().toString());
            m.checksum = sha256(file);
            return m;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FaceModelException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FaceModelException(file + ": " + e.getMessage(), e);
        }
    }

    /** Saves atomically to an {@code .npz} (deterministic bytes for the same model). */
    public void save(Path file) throws IOException {
        Npz.write(file, toArrays());
        checksum = sha256(file);
    }

    static FaceModel fromArrays(Map<String, NpyArray> a, String source) {
        NpyArray vt = need(a, "v_template", 2);
        int v = vt.dim(0);
        require(vt.dim(1) == 3, "v_template must be [V, 3], is " + vt);
        NpyArray sd = need(a, "shapedirs", 3);
        require(sd.dim(0) == v && sd.dim(1) == 3, "shapedirs must be [V=" + v + ", 3, K], is " + sd);
        int k = sd.dim(2);
        List<String> shapeNames;
        List<String> exprNames;
        if (a.containsKey("expression_names")) {
            exprNames = a.get("expression_names").strings();
            shapeNames = a.containsKey("shape_names") ? a.get("shape_names").strings() : numbered("shape", k - exprNames.size());
        } else {
            // FLAME 2020/2023: 300 identity then 100 expression directions.
            int e = k >= 400 ? 100 : k / 4;
            shapeNames = numbered("shape", k - e);
            exprNames = numbered("exp", e);
        }
        require(shapeNames.size() + exprNames.size() == k, "shapedirs has " + k + " directions but names give " + (shapeNames.size() + exprNames.size()));
        float[][] dirs = splitLast(sd.floats(), v * 3, k);
        float[][] shapeDirs = Arrays.copyOfRange(dirs, 0, shapeNames.size());
        float[][] exprDirs = Arrays.copyOfRange(dirs, shapeNames.size(), k);
        NpyArray kt = need(a, "kintree_table", 2);
        require(kt.dim(0) == 2, "kintree_table must be [2, J], is " + kt);
        int j = kt.dim(1);
        int[] kti = kt.ints();
        int[] parents = Arrays.copyOfRange(kti, 0, j);
        parents[0] = -1;
        NpyArray pd = need(a, "posedirs", 3);
        require(pd.dim(0) == v && pd.dim(1) == 3, "posedirs must be [V=" + v + ", 3, P], is " + pd);
        float[][] poseDirs = splitLast(pd.floats(), v * 3, pd.dim(2));
        NpyArray jr = need(a, "J_regressor", 2);
        require(jr.dim(0) == j && jr.dim(1) == v, "J_regressor must be [J=" + j + ", V=" + v + "], is " + jr);
        float[] jrf = jr.floats();
        float[][] jointReg = new float[j][];
        for (int i = 0; i < j; i++) jointReg[i] = Arrays.copyOfRange(jrf, i * v, (i + 1) * v);
        NpyArray w = need(a, "weights", 2);
        require(w.dim(0) == v && w.dim(1) == j, "weights must be [V=" + v + ", J=" + j + "], is " + w);
        NpyArray f = need(a, "f", 2);
        require(f.dim(1) == 3, "f must be [F, 3], is " + f);
        int[] faces = f.ints();
        int nf = f.dim(0);
        List<String> jointNames = a.containsKey("joint_names") ? a.get("joint_names").strings() : JOINT_NAMES.subList(0, Math.min(j, 5));
        float[] uvs = a.containsKey("vt") ? a.get("vt").floats() : new float[] {0, 0};
        int[] uvFaces = a.containsKey("ft") ? a.get("ft").ints() : new int[faces.length];
        float[] colors = a.containsKey("vc") ? a.get("vc").floats() : filled(v * 3, 0.8f);
        int[] parts = a.containsKey("face_part") ? a.get("face_part").ints() : new int[nf];
        List<String> partNames = a.containsKey("part_names") ? a.get("part_names").strings() : List.of("skin");
        int[] lmkFaces = a.containsKey("lmk_faces_idx") ? a.get("lmk_faces_idx").ints() : new int[0];
        float[] lmkBary = a.containsKey("lmk_b_coords") ? a.get("lmk_b_coords").floats() : new float[0];
        String id = a.containsKey("model_id") ? a.get("model_id").strings().get(0) : source;
        FaceModel m = new FaceModel(id, vt.floats(), faces, shapeNames, shapeDirs, exprNames, exprDirs, poseDirs,
                jointReg, w.floats(), parents, jointNames, uvs, uvFaces, colors, parts, partNames, lmkFaces, lmkBary);
        NpyArray tex = a.get("texture");
        if (tex != null) {
            require(tex.kind() == NpyArray.Kind.BYTE && tex.rank() == 3 && tex.dim(2) == 3, "texture must be [H, W, 3] uint8, is " + tex);
            m.withTexture(tex.bytes(), tex.dim(1), tex.dim(0));
        }
        return m;
    }

    /** The model as named arrays in FLAME's layout. */
    public Map<String, NpyArray> toArrays() {
        int v = vertexCount;
        int j = parents.length;
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("model_id", NpyArray.ofStrings(List.of(id)));
        a.put("v_template", NpyArray.ofFloats(template, v, 3));
        a.put("f", NpyArray.ofInts(faces, faces.length / 3, 3));
        float[][] all = new float[shapeDirs.length + expressionDirs.length][];
        System.arraycopy(shapeDirs, 0, all, 0, shapeDirs.length);
        System.arraycopy(expressionDirs, 0, all, shapeDirs.length, expressionDirs.length);
        a.put("shapedirs", NpyArray.ofFloats(joinLast(all, v * 3), v, 3, all.length));
        a.put("shape_names", NpyArray.ofStrings(shapeNames));
        a.put("expression_names", NpyArray.ofStrings(expressionNames));
        a.put("posedirs", NpyArray.ofFloats(joinLast(poseDirs, v * 3), v, 3, poseDirs.length));
        float[] jr = new float[j * v];
        for (int i = 0; i < j; i++) System.arraycopy(jointRegressor[i], 0, jr, i * v, v);
        a.put("J_regressor", NpyArray.ofFloats(jr, j, v));
        a.put("weights", NpyArray.ofFloats(weights, v, j));
        long[] kt = new long[2 * j];
        for (int i = 0; i < j; i++) {
            kt[i] = parents[i] < 0 ? 0xFFFF_FFFFL : parents[i];
            kt[j + i] = i;
        }
        a.put("kintree_table", NpyArray.ofInts(kt, 2, j));
        a.put("joint_names", NpyArray.ofStrings(jointNames));
        a.put("vt", NpyArray.ofFloats(uvs, uvs.length / 2, 2));
        a.put("ft", NpyArray.ofInts(uvFaces, uvFaces.length / 3, 3));
        a.put("vc", NpyArray.ofFloats(colors, v, 3));
        a.put("face_part", NpyArray.ofInts(faceParts, faceParts.length));
        a.put("part_names", NpyArray.ofStrings(partNames));
        a.put("lmk_faces_idx", NpyArray.ofInts(landmarkFaces, landmarkFaces.length));
        a.put("lmk_b_coords", NpyArray.ofFloats(landmarkBary, landmarkBary.length / 3, 3));
        if (textureRgb != null) a.put("texture", NpyArray.ofBytes(textureRgb, textureHeight, textureWidth, 3));
        return a;
    }

    private static NpyArray need(Map<String, NpyArray> a, String key, int rank) {
        NpyArray x = a.get(key);
        if (x == null) throw new IllegalArgumentException("missing array '" + key + "'");
        if (x.rank() != rank) throw new IllegalArgumentException("'" + key + "' must have rank " + rank + ", is " + x);
        return x;
    }

    /** Splits a [N, K] row-major block into K vectors of length N. */
    private static float[][] splitLast(float[] flat, int n, int k) {
        float[][] out = new float[k][n];
        for (int i = 0; i < n; i++) {
            int base = i * k;
            for (int c = 0; c < k; c++) out[c][i] = flat[base + c];
        }
        return out;
    }

    private static float[] joinLast(float[][] dirs, int n) {
        int k = dirs.length;
        float[] flat = new float[n * k];
        for (int c = 0; c < k; c++) {
            float[] d = dirs[c];
            for (int i = 0; i < n; i++) flat[i * k + c] = d[i];
        }
        return flat;
    }

    private static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(String.format("%s%03d", prefix, i));
        return out;
    }

    private static float[] filled(int n, float value) {
        float[] f = new float[n];
        Arrays.fill(f, value);
        return f;
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- accessors -------------------------------------------------------------------------

    public String id() { return id; }
    /** SHA-256 of the file the model was loaded from or saved to; empty for an in-memory model. */
    public String checksum() { return checksum; }
    public int vertexCount() { return vertexCount; }
    public int faceCount() { return faces.length / 3; }
    public int jointCount() { return parents.length; }
    public float[] template() { return template; }
    public int[] faces() { return faces; }
    public List<String> shapeNames() { return shapeNames; }
    public List<String> expressionNames() { return expressionNames; }
    public float[][] shapeDirs() { return shapeDirs; }
    public float[][] expressionDirs() { return expressionDirs; }
    public float[][] poseDirs() { return poseDirs; }
    public float[][] jointRegressor() { return jointRegressor; }
    /** Skinning weights, [V, J] row-major. */
    public float[] weights() { return weights; }
    public int[] parents() { return parents.clone(); }
    public int parent(int joint) { return parents[joint]; }
    public List<String> jointNames() { return jointNames; }
    public float[] uvs() { return uvs; }
    public int[] uvFaces() { return uvFaces; }
    /** Vertex colours, sRGB (display values) in 0..1, [V, 3]. */
    public float[] colors() { return colors; }

    /**
     * Attaches a colour texture: sRGB bytes, row-major [height, width, 3], row 0 at v = 1 (the top of
     * the image), addressed by {@link #uvs()}/{@link #uvFaces()}. Returns this model.
     */
    public FaceModel withTexture(byte[] rgb, int width, int height) {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("texture must hold width x height x 3 bytes");
        }
        this.textureRgb = rgb;
        this.textureWidth = width;
        this.textureHeight = height;
        return this;
    }

    /** Whether a painted texture is attached; without one, colour comes from {@link #colors()}. */
    public boolean hasTexture() { return textureRgb != null; }

    /** The texture's sRGB bytes, [height, width, 3], row 0 at v = 1; null when there is none. */
    public byte[] textureRgb() { return textureRgb; }

    public int textureWidth() { return textureWidth; }

    public int textureHeight() { return textureHeight; }
    public int[] faceParts() { return faceParts; }
    public List<String> partNames() { return partNames; }
    public int[] landmarkFaces() { return landmarkFaces; }
    public float[] landmarkBary() { return landmarkBary; }
    public int landmarkCount() { return landmarkFaces.length; }

    public int expressionIndex(String name) { return expressionNames.indexOf(name); }
    public int shapeIndex(String name) { return shapeNames.indexOf(name); }
    public int jointIndex(String name) { return jointNames.indexOf(name); }

    /** A new parameter set sized for this model, all zero (the rest pose). */
    public FaceParams newParams() { return new FaceParams(shapeNames.size(), expressionNames.size(), parents.length); }
}
