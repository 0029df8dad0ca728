package io.adamesh.timeline.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * The binary sidecar: magic {@code AMSD}, a little-endian int version, then blocks of little-endian
 * float32 or float64 values. The JSON refers to a block by byte offset and count.
 */
final class Sidecar {
    static final byte[] MAGIC = {'A', 'M', 'S', 'D'};
    static final int VERSION = 1;
    static final int HEADER = 8;

    /** Collects blocks while the JSON is written. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

        Writer() {
            bytes.writeBytes(MAGIC);
            bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(VERSION).array());
        }

        long putFloats(float[] a) {
            long at = bytes.size();
            ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(a);
            bytes.writeBytes(b.array());
            return at;
        }

        long putDoubles(double[] a) {
            long at = bytes.size();
            ByteBuffer b = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(a);
            bytes.writeBytes(b.array());
            return at;
        }

        byte[] toByteArray() { return bytes.toByteArray(); }
    }

    /** Reads blocks from a whole sidecar held in memory. */
    static final class Reader {
        private final ByteBuffer data;
        private final String name;

        Reader(byte[] data, String name) throws ProjectFormatException {
            this.data = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            this.name = name;
            if (data.length < HEADER || data[0] != 'A' || data[1] != 'M' || data[2] != 'S' || data[3] != 'D') {
                throw new ProjectFormatException("The data file " + name + " is not an AdaMesh sidecar.");
            }
            int v = this.data.getInt(4);
            if (v > VERSION) throw new ProjectFormatException("The data file " + name + " is from a newer version (" + v + ").");
        }

        float[] floats(long offset, int count) throws ProjectFormatException {
            check(offset, count * 4L);
            float[] out = new float[count];
            data.slice((int) offset, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        double[] doubles(long offset, int count) throws ProjectFormatException {
            check(offset, count * 8L);
            double[] out = new double[count];
            data.slice((int) offset, count * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
            return out;
        }

        private void check(long offset, long bytes) throws ProjectFormatException {
            if (offset < HEADER || bytes < 0 || offset + bytes > data.capacity()) {
                throw new ProjectFormatException("The data file " + name + " is damaged (a block lies outside it).");
            }
        }
    }

    static String crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return String.format("%08x", c.getValue());
    }

    private Sidecar() {}
}
