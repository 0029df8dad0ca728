package io.adamesh.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the object/property structure and samples of an Ogawa Alembic archive (the layout
 * {@link AlembicWriter} documents) and fails loudly on anything inconsistent.
 */
public final class AlembicReader {
    public record TimeSampling(int maxSamples, double timePerCycle, double[] times) {}

    public record Property(String name, int type, AlembicWriter.Pod pod, int extent, String metadata, int samples,
                           int timeSampling, int firstChanged, int lastChanged, List<Property> children, long group) {
        public boolean isCompound() { return type == 0; }
        public boolean isScalar() { return type == 1; }
        public boolean isArray() { return type >= 2; }
        public Property child(String n) {
            for (Property p : children) if (p.name.equals(n)) return p;
            return null;
        }
    }

    public record Obj(String path, String name, String metadata, List<Property> properties, List<Obj> children) {
        public Property property(String n) {
            for (Property p : properties) if (p.name.equals(n)) return p;
            return null;
        }
    }

    private final OgawaReader ogawa;
    private final int fileVersion, libraryVersion;
    private final String archiveMetadata;
    private final List<TimeSampling> timeSamplings = new ArrayList<>();
    private final List<String> metadata = new ArrayList<>();
    private final Obj top;

    public AlembicReader(byte[] data) throws IOException {
        ogawa = new OgawaReader(data);
        long[] root = ogawa.children(ogawa.root());
        if (root.length < 6) throw new IOException("Alembic archive root has " + root.length + " children, expected 6");
        fileVersion = le(ogawa.data(root[0])).getInt();
        libraryVersion = le(ogawa.data(root[1])).getInt();
        archiveMetadata = new String(ogawa.data(root[3]), StandardCharsets.UTF_8);
        ByteBuffer ts = le(ogawa.data(root[4]));
        while (ts.hasRemaining()) {
            int max = ts.getInt();
            double tpc = ts.getDouble();
            int n = ts.getInt();
            if (n < 0 || n > ts.remaining() / 8) throw new IOException("time sampling table is damaged");
            double[] times = new double[n];
            for (int i = 0; i < n; i++) times[i] = ts.getDouble();
            timeSamplings.add(new TimeSampling(max, tpc, times));
        }
        metadata.add("");
        byte[] md = ogawa.data(root[5]);
        for (int i = 0; i < md.length; ) {
            int len = md[i] & 0xff;
            if (i + 1 + len > md.length) throw new IOException("indexed metadata table is truncated");
            metadata.add(new String(md, i + 1, len, StandardCharsets.UTF_8));
            i += 1 + len;
        }
        top = object(root[2], "", "ABC", "");
    }

    private static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

    public int fileVersion() { return fileVersion; }
    public int libraryVersion() { return libraryVersion; }
    public String archiveMetadata() { return archiveMetadata; }
    public List<TimeSampling> timeSamplings() { return timeSamplings; }
    public Obj top() { return top; }

    private Obj object(long group, String path, String name, String md) throws IOException {
        long[] g = ogawa.children(group);
        if (g.length < 2) throw new IOException("object " + path + " has " + g.length + " children, expected at least 2");
        List<Property> props = g[0] == 0 ? List.of() : compound(g[0]);
        byte[] h = ogawa.data(g[g.length - 1]);
        ByteBuffer hb = le(h);
        List<Obj> kids = new ArrayList<>();
        for (int i = 1; i < g.length - 1; i++) {
            if (hb.remaining() < 5) throw new IOException("object headers of " + (path.isEmpty() ? "/" : path) + " are truncated");
            int nl = hb.getInt();
            if (nl < 0 || nl > hb.remaining()) throw new IOException("object name length " + nl + " is out of range in " + path);
            byte[] nb = new byte[nl];
            hb.get(nb);
            String cname = new String(nb, StandardCharsets.UTF_8);
            String cmd = metadataAt(hb, 0xff, true, 2);
            kids.add(object(g[i], path + "/" + cname, cname, cmd));
        }
        if (hb.remaining() != 32) throw new IOException("object headers of " + (path.isEmpty() ? "/" : path) + " have " + hb.remaining() + " trailing bytes, expected 32 hash bytes");
        return new Obj(path.isEmpty() ? "/" : path, name, md, props, kids);
    }

    private String metadataAt(ByteBuffer hb, int index, boolean readIndex, int hint) throws IOException {
        int mi = readIndex ? hb.get() & 0xff : index;
        if (mi == 0xff) {
            int len = (int) sized(hb, readIndex ? 2 : hint);
            byte[] mb = new byte[len];
            hb.get(mb);
            return new String(mb, StandardCharsets.UTF_8);
        }
        if (mi >= metadata.size()) throw new IOException("metadata index " + mi + " beyond the table of " + (metadata.size() - 1));
        return metadata.get(mi);
    }

    private static long sized(ByteBuffer b, int hint) {
        return switch (hint) {
            case 0 -> b.get() & 0xff;
            case 1 -> b.getShort() & 0xffff;
            default -> Integer.toUnsignedLong(b.getInt());
        };
    }

    private List<Property> compound(long group) throws IOException {
        long[] g = ogawa.children(group);
        if (g.length == 0) return List.of();
        ByteBuffer hb = le(ogawa.data(g[g.length - 1]));
        List<Property> out = new ArrayList<>();
        try {
            for (int i = 0; i < g.length - 1; i++) {
                int info = hb.getInt();
                int type = info & 3, hint = (info >> 2) & 3;
                int mi = (info >> 20) & 0xff;
                if (type == 0) {
                    String name = str(hb, (int) sized(hb, hint));
                    String md = metadataAt(hb, mi, false, hint);
                    out.add(new Property(name, 0, null, 0, md, 0, 0, 0, 0, compound(g[i]), g[i]));
                    continue;
                }
                AlembicWriter.Pod pod = AlembicWriter.Pod.of((info >> 4) & 0xf);
                int samples = (int) sized(hb, hint);
                int first = 1, last = samples - 1;
                if ((info & 0x800) != 0) { first = 0; last = 0; }
                if ((info & 0x200) != 0) { first = (int) sized(hb, hint); last = (int) sized(hb, hint); }
                int ts = (info & 0x100) != 0 ? (int) sized(hb, hint) : 0;
                if (ts >= timeSamplings.size()) throw new IOException("time sampling index " + ts + " out of range");
                String name = str(hb, (int) sized(hb, hint));
                String md = metadataAt(hb, mi, false, hint);
                int extent = (info >> 12) & 0xff;
                out.add(new Property(name, type, pod, extent, md, samples, ts, first, last, List.of(), g[i]));
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("property headers are truncated", e);
        }
        if (hb.hasRemaining()) throw new IOException("property headers have " + hb.remaining() + " unread bytes");
        return out;
    }

    private static String str(ByteBuffer b, int n) throws IOException {
        if (n < 0 || n > b.remaining()) throw new IOException("name length " + n + " out of range");
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** The raw values of sample {@code index} of a scalar or array property (key stripped). */
    public byte[] sample(Property p, int index) throws IOException {
        if (index < 0 || index >= p.samples()) throw new IOException(p.name() + " has no sample " + index);
        int stored;
        if (index < p.firstChanged() || (p.firstChanged() == 0 && p.lastChanged() == 0)) stored = 0;
        else if (index >= p.lastChanged()) stored = p.lastChanged() - p.firstChanged() + 1;
        else stored = index - p.firstChanged() + 1;
        long[] g = ogawa.children(p.group());
        int child = p.isArray() ? stored * 2 : stored;
        if (child >= g.length) throw new IOException(p.name() + ": sample " + index + " missing (group has " + g.length + " children)");
        byte[] d = ogawa.data(g[child]);
        if (d.length == 0) return d;
        if (d.length < 16) throw new IOException(p.name() + ": sample " + index + " shorter than its key");
        byte[] out = java.util.Arrays.copyOfRange(d, 16, d.length);
        int elem = p.pod().bytes * Math.max(1, p.extent());
        if (out.length % elem != 0) throw new IOException(p.name() + ": sample " + index + " is not a whole number of elements");
        return out;
    }

    public float[] floats(Property p, int i) throws IOException { byte[] b = sample(p, i); float[] o = new float[b.length / 4]; le(b).asFloatBuffer().get(o); return o; }
    public double[] doubles(Property p, int i) throws IOException { byte[] b = sample(p, i); double[] o = new double[b.length / 8]; le(b).asDoubleBuffer().get(o); return o; }
    public int[] ints(Property p, int i) throws IOException { byte[] b = sample(p, i); int[] o = new int[b.length / 4]; le(b).asIntBuffer().get(o); return o; }

    /** Object at a path like {@code /xform/mesh}, or null. */
    public Obj find(String path) {
        Obj o = top;
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            Obj next = null;
            for (Obj c : o.children()) if (c.name().equals(part)) next = c;
            if (next == null) return null;
            o = next;
        }
        return o;
    }
}
