package io.adamesh.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A growable little-endian byte buffer with random-access patching, for the binary encoders. */
final class ByteSink {
    private byte[] a;
    private int n;

    ByteSink(int capacity) { a = new byte[Math.max(16, capacity)]; }

    int size() { return n; }

    private void ensure(int more) {
        if (n + more > a.length) a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + more));
    }

    ByteSink u8(int v) { ensure(1); a[n++] = (byte) v; return this; }
    ByteSink u16(int v) { ensure(2); a[n++] = (byte) v; a[n++] = (byte) (v >>> 8); return this; }
    ByteSink u32(int v) { ensure(4); for (int i = 0; i < 4; i++) a[n++] = (byte) (v >>> (8 * i)); return this; }
    ByteSink u64(long v) { ensure(8); for (int i = 0; i < 8; i++) a[n++] = (byte) (v >>> (8 * i)); return this; }
    ByteSink f32(float v) { return u32(Float.floatToRawIntBits(v)); }
    ByteSink f64(double v) { return u64(Double.doubleToRawLongBits(v)); }
    ByteSink bytes(byte[] b) { return bytes(b, 0, b.length); }
    ByteSink bytes(byte[] b, int off, int len) { ensure(len); System.arraycopy(b, off, a, n, len); n += len; return this; }
    ByteSink zeros(int count) { ensure(count); java.util.Arrays.fill(a, n, n + count, (byte) 0); n += count; return this; }
    ByteSink ascii(String s) { return bytes(s.getBytes(StandardCharsets.UTF_8)); }

    void patchU32(int at, int v) { for (int i = 0; i < 4; i++) a[at + i] = (byte) (v >>> (8 * i)); }
    void patchU64(int at, long v) { for (int i = 0; i < 8; i++) a[at + i] = (byte) (v >>> (8 * i)); }

    void reset() { n = 0; }

    byte[] toByteArray() { return java.util.Arrays.copyOf(a, n); }

    void writeTo(OutputStream out) throws IOException { out.write(a, 0, n); }
}
