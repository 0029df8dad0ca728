package io.adamesh.track;

import java.io.IOException;

/**
 * Reads dlib's portable serialisation: integers as a control byte (bit 7 = negative, low 4 bits =
 * number of little-endian magnitude bytes that follow), floats as an integer mantissa and an integer
 * exponent (value = mantissa * 2^exponent), matrices as {@code -rows, -cols, values}.
 */
final class DlibDeserializer {
    // dlib's float_details markers for special values (exponent field)
    private static final int IS_INF = 32000, IS_NINF = 32001, IS_SNAN = 32002, IS_QNAN = 32003;

    private final byte[] buf;
    private int pos;

    DlibDeserializer(byte[] buf) {
        this.buf = buf;
    }

    int position() { return pos; }

    long readInt() throws IOException {
        if (pos >= buf.length) {
            throw new IOException("unexpected end of data at byte " + pos);
        }
        int control = buf[pos++] & 0xff;
        int size = control & 0x0f;
        if (size > 8 || pos + size > buf.length) {
            throw new IOException("bad integer encoding at byte " + (pos - 1));
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) (buf[pos++] & 0xff) << (8 * i);
        }
        return (control & 0x80) != 0 ? -v : v;
    }

    int readSize() throws IOException {
        long v = readInt();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IOException("bad size " + v + " at byte " + pos);
        }
        return (int) v;
    }

    float readFloat() throws IOException {
        long mantissa = readInt();
        long exponent = readInt();
        switch ((int) exponent) {
            case IS_INF: return Float.POSITIVE_INFINITY;
            case IS_NINF: return Float.NEGATIVE_INFINITY;
            case IS_SNAN, IS_QNAN: return Float.NaN;
            default: return (float) Math.scalb((double) mantissa, (int) exponent);
        }
    }

    /** A {@code matrix<float,0,1>}. */
    float[] readColumnVector() throws IOException {
        int n = readMatrixHeader();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = readFloat();
        }
        return out;
    }

    void readColumnVectorInto(float[] out, int offset, int expected) throws IOException {
        int n = readMatrixHeader();
        if (n != expected) {
            throw new IOException("matrix of " + n + " values, expected " + expected);
        }
        for (int i = 0; i < n; i++) {
            out[offset + i] = readFloat();
        }
    }

    private int readMatrixHeader() throws IOException {
        long nr = readInt();
        long nc = readInt();
        if (nr < 0) {   // current format stores negated sizes
            nr = -nr;
            nc = -nc;
        }
        if (nc != 1 || nr > 1_000_000) {
            throw new IOException("expected a column vector, got " + nr + "x" + nc);
        }
        return (int) nr;
    }
}
