package io.adamesh.face;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One array of a {@code .npy}/{@code .npz} file: its shape and its values, widened to one of three
 * Java carriers. Floats ({@code f4}, {@code f8}) arrive as {@code float[]}, integers and booleans as
 * {@code long[]}, unicode strings ({@code <U}) as {@code String[]}. Values are in C (row-major) order.
 */
public final class NpyArray {
    public enum Kind { FLOAT, INT, STRING, BYTE }

    private final Kind kind;
    private final int[] shape;
    private final float[] floats;
    private final long[] ints;
    private final String[] strings;
    private byte[] bytes;

    private NpyArray(Kind kind, int[] shape, float[] floats, long[] ints, String[] strings) {
        this.kind = kind;
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        this.strings = strings;
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        int have = floats != null ? floats.length : ints != null ? ints.length : strings != null ? strings.length : -1;
        if (have < 0) return;
        if (n != have) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + have);
        }
    }

    public static NpyArray ofFloats(float[] values, int... shape) {
        return new NpyArray(Kind.FLOAT, shape, Objects.requireNonNull(values), null, null);
    }

    public static NpyArray ofInts(long[] values, int... shape) {
        return new NpyArray(Kind.INT, shape, null, Objects.requireNonNull(values), null);
    }

    public static NpyArray ofInts(int[] values, int... shape) {
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) l[i] = values[i];
        return ofInts(l, shape);
    }

    /** Unsigned bytes ({@code |u1}), e.g. an RGB image [H, W, 3]. */
    public static NpyArray ofBytes(byte[] values, int... shape) {
        NpyArray a = new NpyArray(Kind.BYTE, shape, null, null, null);
        long n = 1;
        for (int d : shape) n *= d;
        if (n != values.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + values.length);
        a.bytes = values;
        return a;
    }

    /** The raw unsigned bytes of a {@code |u1} array. */
    public byte[] bytes() {
        if (kind != Kind.BYTE) throw new IllegalStateException("not a byte array");
        return bytes;
    }

    public static NpyArray ofStrings(List<String> values) {
        return new NpyArray(Kind.STRING, new int[] {values.size()}, null, null, values.toArray(String[]::new));
    }

    static NpyArray ofStrings(String[] values, int[] shape) {
        return new NpyArray(Kind.STRING, shape, null, null, values);
    }

    public Kind kind() { return kind; }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int dim(int i) { return shape[i]; }

    public int size() {
        return switch (kind) {
            case FLOAT -> floats.length;
            case INT -> ints.length;
            case STRING -> strings.length;
            case BYTE -> bytes.length;
        };
    }

    /** The values as floats; integer arrays are converted. */
    public float[] floats() {
        if (kind == Kind.FLOAT) return floats;
        if (kind == Kind.BYTE) {
            float[] f = new float[bytes.length];
            for (int i = 0; i < f.length; i++) f[i] = bytes[i] & 0xFF;
            return f;
        }
        if (kind == Kind.INT) {
            float[] f = new float[ints.length];
            for (int i = 0; i < f.length; i++) f[i] = ints[i];
            return f;
        }
        throw new IllegalStateException("string array has no float values");
    }

    /** The values as ints; float arrays must hold whole numbers. */
    public int[] ints() {
        int[] out = new int[size()];
        if (kind == Kind.BYTE) {
            for (int i = 0; i < out.length; i++) out[i] = bytes[i] & 0xFF;
            return out;
        }
        if (kind == Kind.INT) {
            for (int i = 0; i < out.length; i++) {
                long v = ints[i];
                // FLAME's kintree_table marks the root's parent with uint32 max; keep it as -1.
                out[i] = v == 0xFFFF_FFFFL ? -1 : Math.toIntExact(v);
            }
            return out;
        }
        if (kind == Kind.FLOAT) {
            for (int i = 0; i < out.length; i++) {
                float v = floats[i];
                if (v != Math.rint(v)) throw new IllegalStateException("float array holds non-integer " + v);
                out[i] = (int) v;
            }
            return out;
        }
        throw new IllegalStateException("string array has no int values");
    }

    long[] rawInts() { return ints; }

    public List<String> strings() {
        if (kind != Kind.STRING) throw new IllegalStateException("not a string array");
        return List.of(strings);
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(shape);
    }
}
