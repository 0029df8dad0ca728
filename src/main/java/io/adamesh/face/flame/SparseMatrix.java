package io.adamesh.face.flame;

import io.adamesh.face.NpyArray;
import java.util.Map;

/**
 * A scipy.sparse CSC or CSR matrix as pickled: created empty, then BUILD with its attribute dict
 * ({@code data, indices, indptr} and {@code _shape}, or {@code shape} in old scipy).
 */
public final class SparseMatrix {
    private final boolean columns;
    private Map<?, ?> state;

    SparseMatrix(boolean compressedColumns) { this.columns = compressedColumns; }

    void setState(Object s) throws PickleException {
        Object dict = s instanceof PyTuple t && t.size() == 2 ? t.get(0) : s;
        if (!(dict instanceof Map<?, ?> m)) throw new PickleException("unexpected scipy.sparse state " + NumpyArray.describe(s));
        state = m;
    }

    public String format() { return columns ? "csc" : "csr"; }

    /** The matrix as a dense [rows, cols] float array. */
    public NpyArray toDense() throws PickleException {
        if (state == null) throw new PickleException("scipy.sparse matrix was never filled (no BUILD)");
        Object shapeObj = state.containsKey("_shape") ? state.get("_shape") : state.get("shape");
        if (!(shapeObj instanceof PyTuple t) || t.size() != 2 || !(t.get(0) instanceof Long r) || !(t.get(1) instanceof Long c)) {
            throw new PickleException(format() + " matrix without a 2-d shape");
        }
        int rows = Math.toIntExact(r);
        int cols = Math.toIntExact(c);
        if ((long) rows * cols > Integer.MAX_VALUE) throw new PickleException(format() + " matrix too large to densify: " + rows + "x" + cols);
        double[] data = array("data").doubles();
        long[] indices = array("indices").longs();
        long[] indptr = array("indptr").longs();
        int major = columns ? cols : rows;
        int minor = columns ? rows : cols;
        if (indptr.length != major + 1 || indices.length != data.length || indptr[major] > data.length) {
            throw new PickleException(format() + " matrix arrays disagree with its shape " + rows + "x" + cols);
        }
        float[] dense = new float[rows * cols];
        for (int m = 0; m < major; m++) {
            if (indptr[m] > indptr[m + 1] || indptr[m] < 0) throw new PickleException(format() + " indptr is not increasing");
            for (long k = indptr[m]; k < indptr[m + 1]; k++) {
                long n = indices[(int) k];
                if (n < 0 || n >= minor) throw new PickleException(format() + " index " + n + " out of range " + minor);
                int row = columns ? (int) n : m;
                int col = columns ? m : (int) n;
                dense[row * cols + col] += (float) data[(int) k];
            }
        }
        return NpyArray.ofFloats(dense, rows, cols);
    }

    private NumpyArray array(String key) throws PickleException {
        if (state.get(key) instanceof NumpyArray a) return a;
        throw new PickleException(format() + " matrix without its '" + key + "' array");
    }
}
