package io.adamesh.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Encodes a tree of {@link FbxNode}s as binary FBX 7.4 (32-bit record offsets). Byte layer only: no
 * scene knowledge. Output is deterministic; arrays larger than 128 bytes are zlib-compressed.
 *
 * <p>Layout: 27-byte header ({@code "Kaydara FBX Binary  \0"}, 0x1A, 0x00, u32 version), then node
 * records {u32 end offset, u32 property count, u32 property bytes, u8 name length, name, properties,
 * children, 13-byte null record when the node has children or no properties}, a final null record
 * and the footer (a fixed id matching the fixed creation time, padding to 16, version, 120 zeros,
 * a fixed 16-byte magic).
 */
public final class FbxBinaryWriter {
    public static final int VERSION = 7400;
    /** CreationTime that matches {@link #FILE_ID} and {@link #FOOTER_ID} (the pairing readers accept). */
    public static final String CREATION_TIME = "1970-01-01 10:00:00:000";
    public static final byte[] FILE_ID = hex("28b32aebb624ccc2bfc8b02aa92bfcf1");
    static final byte[] FOOTER_ID = hex("fabcab09d0c8d466b176fb831cf7267e");
    static final byte[] FOOTER_MAGIC = hex("f85a8c6adef5d97eece90ce3758f290b");
    static final byte[] HEADER = "Kaydara FBX Binary  \0\u001a\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int SENTINEL = 13;
    /** Readers expect these records to end with a null record even when they have properties and no children. */
    private static final java.util.Set<String> ALWAYS_NULL_RECORD = java.util.Set.of("AnimationStack", "AnimationLayer");

    private final ByteSink buf = new ByteSink(1 << 20);

    private FbxBinaryWriter() {}

    /** Writes the top-level nodes as a complete FBX file. */
    public static void write(List<FbxNode> topLevel, OutputStream out) throws IOException {
        FbxBinaryWriter w = new FbxBinaryWriter();
        w.buf.bytes(HEADER);
        w.u32(VERSION);
        for (FbxNode n : topLevel) w.node(n);
        w.buf.zeros(SENTINEL);
        w.buf.bytes(FOOTER_ID);
        w.buf.zeros(4);
        int ofs = w.buf.size();
        int pad = ((ofs + 15) & ~15) - ofs;
        if (pad == 0) pad = 16;
        w.buf.zeros(pad);
        w.u32(VERSION);
        w.buf.zeros(120);
        w.buf.bytes(FOOTER_MAGIC);
        w.buf.writeTo(out);
    }

    private void node(FbxNode n) throws IOException {
        byte[] props = encodeProps(n.props());
        byte[] name = n.name().getBytes(StandardCharsets.UTF_8);
        int start = buf.size();
        // placeholder header, patched once the end offset is known
        buf.zeros(12);
        buf.u8(name.length);
        buf.bytes(name);
        buf.bytes(props);
        boolean sentinel = !n.children().isEmpty() || n.props().isEmpty() || ALWAYS_NULL_RECORD.contains(n.name());
        for (FbxNode c : n.children()) node(c);
        if (sentinel) buf.zeros(SENTINEL);
        int end = buf.size();
        buf.patchU32(start, end);
        buf.patchU32(start + 4, n.props().size());
        buf.patchU32(start + 8, props.length);
    }

    private static byte[] encodeProps(List<Object> props) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Object p : props) {
            switch (p) {
                case Short s -> { o.write('Y'); put(o, 2, s); }
                case Boolean b -> { o.write('C'); o.write(b ? 1 : 0); }
                case Integer i -> { o.write('I'); put(o, 4, i); }
                case Float f -> { o.write('F'); put(o, 4, Float.floatToIntBits(f)); }
                case Double d -> { o.write('D'); put(o, 8, Double.doubleToLongBits(d)); }
                case Long l -> { o.write('L'); put(o, 8, l); }
                case String s -> { o.write('S'); byte[] b = s.getBytes(StandardCharsets.UTF_8); put(o, 4, b.length); o.writeBytes(b); }
                case byte[] b -> { o.write('R'); put(o, 4, b.length); o.writeBytes(b); }
                case int[] a -> array(o, 'i', a.length, bytes(a.length * 4, bb -> bb.asIntBuffer().put(a)));
                case long[] a -> array(o, 'l', a.length, bytes(a.length * 8, bb -> bb.asLongBuffer().put(a)));
                case float[] a -> array(o, 'f', a.length, bytes(a.length * 4, bb -> bb.asFloatBuffer().put(a)));
                case double[] a -> array(o, 'd', a.length, bytes(a.length * 8, bb -> bb.asDoubleBuffer().put(a)));
                case boolean[] a -> {
                    byte[] b = new byte[a.length];
                    for (int i = 0; i < a.length; i++) b[i] = (byte) (a[i] ? 1 : 0);
                    array(o, 'b', a.length, b);
                }
                default -> throw new IllegalArgumentException("unsupported FBX property " + p.getClass());
            }
        }
        return o.toByteArray();
    }

    private static byte[] bytes(int n, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer bb = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(bb);
        return bb.array();
    }

    private static void array(ByteArrayOutputStream o, char type, int count, byte[] raw) {
        o.write(type);
        byte[] data = raw;
        int encoding = 0;
        if (raw.length > 128) {
            Deflater d = new Deflater(1);
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] chunk = new byte[1 << 16];
            while (!d.finished()) z.write(chunk, 0, d.deflate(chunk));
            d.end();
            data = z.toByteArray();
            encoding = 1;
        }
        put(o, 4, count);
        put(o, 4, encoding);
        put(o, 4, data.length);
        o.writeBytes(data);
    }

    private static void put(ByteArrayOutputStream o, int n, long v) {
        for (int i = 0; i < n; i++) o.write((int) (v >>> (8 * i)) & 0xff);
    }

    private void u32(int v) { buf.u32(v); }

    static byte[] hex(String s) { return java.util.HexFormat.of().parseHex(s); }

}
