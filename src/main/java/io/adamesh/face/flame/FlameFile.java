package io.adamesh.face.flame;

import io.adamesh.face.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a FLAME model the user owns ({@code generic_model.pkl} of FLAME 2020, {@code flame2023*.pkl})
 * into the named arrays {@code FaceModel} reads, with the {@link RestrictedUnpickler} (nothing in the
 * file is run). chumpy arrays become plain arrays, the sparse {@code J_regressor} becomes dense.
 *
 * <p>The pickle has no UVs, colours, part labels or landmarks; {@code FaceModel} supplies defaults for
 * the first three. Landmarks come from an embedding file next to the model, when there is one:
 * <ul>
 *   <li>{@code landmark_embedding.npy} (DECA's): its {@code full_lmk_faces_idx} / {@code
 *       full_lmk_bary_coords}, 68 points in the iBUG 300-W order, as ours;</li>
 *   <li>else {@code flame_static_embedding.pkl} (FLAME's): {@code lmk_face_idx} / {@code lmk_b_coords},
 *       51 points: iBUG points 18 to 68 (indices 17..67), without the 17 jaw-contour points, which in
 *       FLAME depend on head pose ({@link #STATIC_LANDMARK_OFFSET}).</li>
 * </ul>
 */
public final class FlameFile {
    /** FLAME's mesh: 5,023 vertices and 9,976 triangles in every release (2017, 2020, 2023). */
    public static final int VERTICES = 5023;
    public static final int TRIANGLES = 9976;
    /** The iBUG index of landmark 0 of a 51-point static embedding. */
    public static final int STATIC_LANDMARK_OFFSET = 17;
    public static final String DECA_EMBEDDING = "landmark_embedding.npy";
    public static final String STATIC_EMBEDDING = "flame_static_embedding.pkl";

    private static final List<String> REQUIRED = List.of("v_template", "f", "shapedirs", "posedirs", "J_regressor", "weights", "kintree_table");

    private FlameFile() {}

    /** The model's arrays under FLAME's key names, plus {@code model_id} and any landmark embedding. */
    public static Map<String, NpyArray> readArrays(Path file) throws IOException {
        Object root = RestrictedUnpickler.load(file);
        if (!(root instanceof Map<?, ?> dict)) throw new PickleException(file + ": a FLAME file holds a dict, this one holds a " + NumpyArray.describe(root));
        Map<String, NpyArray> out = new LinkedHashMap<>();
        String stem = file.getFileName().toString().replaceFirst("\\.pkl$", "");
        out.put("model_id", NpyArray.ofStrings(List.of("flame:" + stem)));
        for (String key : REQUIRED) {
            if (!dict.containsKey(key)) throw new PickleException(file + ": not a FLAME model, it has no '" + key + "' (keys: " + dict.keySet() + ")");
            out.put(key, array(dict.get(key), key, file));
        }
        Object style = dict.get("bs_style");
        if (style != null && !"lbs".equals(style)) throw new PickleException(file + ": bs_style '" + style + "' is not supported (FLAME uses 'lbs')");
        Object type = dict.get("bs_type");
        if (type != null && !"lrotmin".equals(type)) throw new PickleException(file + ": bs_type '" + type + "' is not supported (FLAME uses 'lrotmin')");
        out.putAll(readLandmarks(file.toAbsolutePath().getParent()));
        return out;
    }

    /** The landmark embedding next to a model, as {@code lmk_faces_idx} and {@code lmk_b_coords}; empty if none. */
    public static Map<String, NpyArray> readLandmarks(Path dir) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        if (dir == null) return out;
        Path deca = dir.resolve(DECA_EMBEDDING);
        Path stat = dir.resolve(STATIC_EMBEDDING);
        Map<?, ?> d;
        String faces;
        String bary;
        Path source;
        if (Files.isRegularFile(deca)) {
            source = deca;
            d = dictIn(readObjectNpy(deca), deca);
            faces = "full_lmk_faces_idx";
            bary = "full_lmk_bary_coords";
        } else if (Files.isRegularFile(stat)) {
            source = stat;
            d = dictIn(RestrictedUnpickler.load(stat), stat);
            faces = "lmk_face_idx";
            bary = "lmk_b_coords";
        } else {
            return out;
        }
        NpyArray f = array(d.get(faces), faces, source);
        NpyArray b = array(d.get(bary), bary, source);
        int n = f.size();
        if (b.size() != n * 3) throw new PickleException(source + ": " + faces + " has " + n + " landmarks but " + bary + " " + b.size() / 3.0);
        out.put("lmk_faces_idx", NpyArray.ofInts(f.ints(), n));
        out.put("lmk_b_coords", NpyArray.ofFloats(b.floats(), n, 3));
        return out;
    }

    private static Map<?, ?> dictIn(Object o, Path file) throws PickleException {
        if (o instanceof Map<?, ?> m) return m;
        throw new PickleException(file + ": expected a dict, found a " + NumpyArray.describe(o));
    }

    private static NpyArray array(Object value, String key, Path file) throws PickleException {
        try {
            if (value instanceof NumpyArray a) return a.toNpy();
            if (value instanceof ChumpyArray c) return c.value().toNpy();
            if (value instanceof SparseMatrix s) return s.toDense();
        } catch (PickleException | IllegalArgumentException e) {
            throw new PickleException(file + ": '" + key + "': " + e.getMessage());
        }
        throw new PickleException(file + ": '" + key + "' is a " + NumpyArray.describe(value) + ", expected an array");
    }

    /**
     * Reads an {@code .npy} holding a pickled object array (as {@code np.save} writes a dict) with the
     * restricted reader; returns the single object of a 0-d array, else the list of objects.
     */
    static Object readObjectNpy(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        io.adamesh.face.Npz.NpyHeader header;
        try {
            header = io.adamesh.face.Npz.readHeader(bytes);
        } catch (IOException e) {
            throw new PickleException(file + ": not an .npy file (" + e.getMessage() + ")");
        }
        if (!header.descr().equals("|O")) {
            throw new PickleException(file + ": expected a pickled object array, dtype is " + header.descr());
        }
        Object o;
        try {
            o = RestrictedUnpickler.load(Arrays.copyOfRange(bytes, header.dataOffset(), bytes.length));
        } catch (UnsafePickleException e) {
            throw new UnsafePickleException(e.global(), file.toString());
        } catch (PickleException e) {
            throw new PickleException(file + ": " + e.getMessage());
        }
        if (o instanceof NumpyArray a) {
            List<Object> values = a.objects();
            return a.shape().length == 0 ? values.get(0) : values;
        }
        return o;
    }
}
