package io.adamesh.face.flame;

import java.util.Map;

/**
 * The only Python names a FLAME pickle may mention. The reader never calls Python: each name maps to
 * a Java behaviour here, and every other name is refused ({@link UnsafePickleException}).
 */
enum AllowedGlobal {
    NDARRAY_RECONSTRUCT, NDARRAY_FROMBUFFER, NDARRAY, DTYPE, NUMPY_SCALAR,
    CSC_MATRIX, CSR_MATRIX, CHUMPY_CH,
    COPYREG_RECONSTRUCTOR, OBJECT, CODECS_ENCODE,
    DICT, LIST, TUPLE, SET, FROZENSET, BYTES;

    private static final Map<String, AllowedGlobal> NAMES = Map.ofEntries(
            Map.entry("numpy.core.multiarray._reconstruct", NDARRAY_RECONSTRUCT),
            Map.entry("numpy._core.multiarray._reconstruct", NDARRAY_RECONSTRUCT),
            Map.entry("numpy.core.numeric._frombuffer", NDARRAY_FROMBUFFER),
            Map.entry("numpy._core.numeric._frombuffer", NDARRAY_FROMBUFFER),
            Map.entry("numpy.ndarray", NDARRAY),
            Map.entry("numpy.dtype", DTYPE),
            Map.entry("numpy.core.multiarray.scalar", NUMPY_SCALAR),
            Map.entry("numpy._core.multiarray.scalar", NUMPY_SCALAR),
            Map.entry("scipy.sparse.csc.csc_matrix", CSC_MATRIX),
            Map.entry("scipy.sparse._csc.csc_matrix", CSC_MATRIX),
            Map.entry("scipy.sparse._csc.csc_array", CSC_MATRIX),
            Map.entry("scipy.sparse.csr.csr_matrix", CSR_MATRIX),
            Map.entry("scipy.sparse._csr.csr_matrix", CSR_MATRIX),
            Map.entry("scipy.sparse._csr.csr_array", CSR_MATRIX),
            Map.entry("chumpy.ch.Ch", CHUMPY_CH),
            Map.entry("copyreg._reconstructor", COPYREG_RECONSTRUCTOR),
            Map.entry("builtins.object", OBJECT),
            Map.entry("_codecs.encode", CODECS_ENCODE),
            Map.entry("builtins.dict", DICT),
            Map.entry("collections.OrderedDict", DICT),
            Map.entry("builtins.list", LIST),
            Map.entry("builtins.tuple", TUPLE),
            Map.entry("builtins.set", SET),
            Map.entry("builtins.frozenset", FROZENSET),
            Map.entry("builtins.bytes", BYTES));

    /** The behaviour for {@code module.name} (Python 2 module names accepted), or throws naming it. */
    static AllowedGlobal lookup(String module, String name) throws UnsafePickleException {
        String m = switch (module) {
            case "__builtin__" -> "builtins";
            case "copy_reg" -> "copyreg";
            default -> module;
        };
        AllowedGlobal g = NAMES.get(m + "." + name);
        if (g == null) throw new UnsafePickleException(module + "." + name);
        return g;
    }
}
