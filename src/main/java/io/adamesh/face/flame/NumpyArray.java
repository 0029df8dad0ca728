package io.adamesh.face.flame;

import io.adamesh.face.NpyArray;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A numpy array as pickled: created empty by {@code numpy.core.multiarray._reconstruct}, then filled by
 * BUILD with {@code (version, shape, dtype, is_fortran, raw_data)}. Raw data arrives as bytes, as a
 * latin-1 string (Python 2 pickles read with {@code encoding='latin1'}), or as a list (object arrays).
 */
public final class NumpyArray {
    private int[] shape;
    private NumpyDtype dtype;
    private boolean fortran;
    private byte[] data;
    private List<Object> objects;

    NumpyArray() {}

    void setState(Object state) throws PickleException {
        if (!(state instanceof PyTuple t) || (t.size() != 5 && t.size() != 4)) {
            throw new PickleException("unexpected numpy array state " + describe(state));
        }
        int o = t.size() == 5 ? 1 : 0;
        shape = toShape(t.get(o));
        if (!(t.get(o + 1) instanceof NumpyDtype d)) throw new PickleException("numpy array state without a dtype");
        dtype = d;
        fortran = Boolean.TRUE.equals(t.get(o + 2)) || Long.valueOf(1).equals(t.get(o + 2));
        Object raw = t.get(o + 3);
        long count = count();
        if (dtype.kind() == 'O') {
            if (!(raw instanceof List<?> list) || list.size() != count) {
                throw new PickleException("object array of shape " + Arrays.toString(shape) + " without its " + count + " values");
            }
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) list;
            objects = values;
            return;
        }
        if (raw instanceof byte[] b) data = b;
        else if (raw instanceof String s) data = s.getBytes(StandardCharsets.ISO_8859_1);
        else throw new PickleException("numpy array data must be bytes, got " + describe(raw));
        if ((long) data.length != count * dtype.itemSize()) {
            throw new PickleException("numpy array " + dtype + " " + Arrays.toString(shape) + " needs "
                    + count * dtype.itemSize() + " bytes, has " + data.length);
        }
    }

    private static int[] toShape(Object o) throws PickleException {
        if (!(o instanceof PyTuple t)) throw new PickleException("numpy array shape must be a tuple, got " + describe(o));
        int[] s = new int[t.size()];
        for (int i = 0; i < s.length; i++) {
            if (!(t.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) throw new PickleException("bad numpy dimension " + t.get(i));
            s[i] = (int) (long) l;
        }
        return s;
    }

    private long count() throws PickleException {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) throw new PickleException("numpy array too large: " + Arrays.toString(shape));
        }
        return n;
    }

    private void requireFilled() throws PickleException {
        if (dtype == null) throw new PickleException("numpy array was never filled (no BUILD)");
    }

    public int[] shape() { return shape.clone(); }

    public NumpyDtype dtype() { return dtype; }

    /** The values of an object array, in C order (a 0-d object array holds one value). */
    public List<Object> objects() throws PickleException {
        requireFilled();
        if (objects == null) throw new PickleException("not an object array: " + dtype);
        return objects;
    }

    /** The values in C order as float64 (integers converted). */
    public double[] doubles() throws PickleException {
        requireFilled();
        if (objects != null) throw new PickleException("object array has no numeric values");
        int n = (int) count();
        ByteBuffer bb = ByteBuffer.wrap(data).order(dtype.order());
        double[] out = new double[n];
        int size = dtype.itemSize();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype.kind()) {
                case 'f' -> size == 4 ? bb.getFloat() : bb.getDouble();
                default -> readInt(bb);
            };
        }
        return fortran ? toCOrder(out) : out;
    }

    /** The values in C order as int64; float arrays must hold whole numbers. */
    public long[] longs() throws PickleException {
        requireFilled();
        if (objects != null) throw new PickleException("object array has no numeric values");
        int n = (int) count();
        long[] out = new long[n];
        if (dtype.kind() == 'f') {
            double[] d = doubles();
            for (int i = 0; i < n; i++) {
                if (d[i] != Math.rint(d[i])) throw new PickleException("expected whole numbers, found " + d[i]);
                out[i] = (long) d[i];
            }
            return out;
        }
        ByteBuffer bb = ByteBuffer.wrap(data).order(dtype.order());
        for (int i = 0; i < n; i++) out[i] = readInt(bb);
        return fortran ? toCOrder(out) : out;
    }

    private long readInt(ByteBuffer bb) {
        boolean unsigned = dtype.kind() != 'i';
        return switch (dtype.itemSize()) {
            case 1 -> unsigned ? bb.get() & 0xFFL : bb.get();
            case 2 -> unsigned ? bb.getShort() & 0xFFFFL : bb.getShort();
            case 4 -> unsigned ? bb.getInt() & 0xFFFF_FFFFL : bb.getInt();
            default -> bb.getLong();
        };
    }

    /** As our {@link NpyArray}: float dtypes as floats, integer and boolean dtypes as integers. */
    public NpyArray toNpy() throws PickleException {
        requireFilled();
        if (dtype.kind() == 'f') {
            double[] d = doubles();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            return NpyArray.ofFloats(f, shape);
        }
        return NpyArray.ofInts(longs(), shape);
    }

    /** For each position in Fortran order, its position in C order. */
    private int[] fortranToC() {
        int n = Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b));
        int[] map = new int[n];
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        int[] idx = new int[shape.length];
        for (int f = 0; f < n; f++) {
            int c = 0;
            for (int d = 0; d < shape.length; d++) c += idx[d] * strides[d];
            map[f] = c;
            for (int d = 0; d < shape.length; d++) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return map;
    }

    private double[] toCOrder(double[] f) {
        int[] map = fortranToC();
        double[] c = new double[f.length];
        for (int i = 0; i < f.length; i++) c[map[i]] = f[i];
        return c;
    }

    private long[] toCOrder(long[] f) {
        int[] map = fortranToC();
        long[] c = new long[f.length];
        for (int i = 0; i < f.length; i++) c[map[i]] = f[i];
        return c;
    }

    static String describe(Object o) {
        if (o == null) return "None";
        String s = o instanceof byte[] b ? "bytes[" + b.length + "]" : o.getClass().getSimpleName();
        return s;
    }

    @Override
    public String toString() {
        return "ndarray(" + dtype + ", " + Arrays.toString(shape) + (fortran ? ", F" : "") + ")";
    }
}
