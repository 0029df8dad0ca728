package io.adamesh.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Parses binary FBX (7.x, 32- and 64-bit record headers) into {@link FbxNode}s; fails loudly on damage. */
public final class FbxReader {
    private final ByteBuffer b;
    private final boolean wide;

    private FbxReader(byte[] data) throws IOException {
        if (data.length < 27 || !Arrays.equals(Arrays.copyOf(data, 21), Arrays.copyOf(FbxBinaryWriter.HEADER, 21))) {
            throw new IOException("not a binary FBX file (bad magic)");
        }
        b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(23);
        wide = version >= 7500;
        b.position(27);
    }

    public static int version(byte[] data) { return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(23); }

    public static List<FbxNode> read(byte[] data) throws IOException {
        FbxReader r = new FbxReader(data);
        List<FbxNode> out = new ArrayList<>();
        try {
            while (true) {
                FbxNode n = r.node();
                if (n == null) break;
                out.add(n);
            }
        } catch (RuntimeException e) {
            throw new IOException("damaged FBX file: " + e, e);
        }
        return out;
    }

    private long off() { return wide ? b.getLong() : Integer.toUnsignedLong(b.getInt()); }

    private FbxNode node() throws IOException {
        long end = off();
        long count = off();
        long len = off();
        int nameLen = b.get() & 0xff;
        if (end == 0 && count == 0 && len == 0 && nameLen == 0) return null;
        if (end > b.limit()) throw new IOException("node end offset " + end + " beyond file size " + b.limit());
        byte[] name = new byte[nameLen];
        b.get(name);
        FbxNode n = new FbxNode(new String(name, StandardCharsets.UTF_8));
        for (long i = 0; i < count; i++) n.add(prop());
        while (b.position() < end) {
            FbxNode c = node();
            if (c == null) break;
            n.add(c);
        }
        if (b.position() != end) throw new IOException("node " + n.name() + " ends at " + b.position() + ", header says " + end);
        return n;
    }

    private Object prop() throws IOException {
        char t = (char) b.get();
        return switch (t) {
            case 'Y' -> b.getShort();
            case 'C' -> b.get() != 0;
            case 'I' -> b.getInt();
            case 'F' -> b.getFloat();
            case 'D' -> b.getDouble();
            case 'L' -> b.getLong();
            case 'S' -> { byte[] s = new byte[b.getInt()]; b.get(s); yield new String(s, StandardCharsets.UTF_8); }
            case 'R' -> { byte[] s = new byte[b.getInt()]; b.get(s); yield s; }
            case 'i', 'l', 'f', 'd', 'b' -> array(t);
            default -> throw new IOException("unknown FBX property type '" + t + "' at " + (b.position() - 1));
        };
    }

    private Object array(char t) throws IOException {
        int count = b.getInt(), enc = b.getInt(), clen = b.getInt();
        byte[] raw = new byte[clen];
        b.get(raw);
        if (enc == 1) {
            Inflater inf = new Inflater();
            inf.setInput(raw);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            byte[] chunk = new byte[1 << 16];
            try {
                while (!inf.finished()) {
                    int k = inf.inflate(chunk);
                    if (k == 0 && (inf.needsInput() || inf.needsDictionary())) throw new IOException("truncated compressed array");
                    o.write(chunk, 0, k);
                }
            } catch (DataFormatException e) {
                throw new IOException("bad compressed array: " + e.getMessage(), e);
            } finally {
                inf.end();
            }
            raw = o.toByteArray();
        }
        ByteBuffer d = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return switch (t) {
            case 'i' -> { int[] a = new int[count]; d.asIntBuffer().get(a); yield a; }
            case 'l' -> { long[] a = new long[count]; d.asLongBuffer().get(a); yield a; }
            case 'f' -> { float[] a = new float[count]; d.asFloatBuffer().get(a); yield a; }
            case 'd' -> { double[] a = new double[count]; d.asDoubleBuffer().get(a); yield a; }
            default -> { boolean[] a = new boolean[count]; for (int i = 0; i < count; i++) a[i] = raw[i] != 0; yield a; }
        };
    }
}
