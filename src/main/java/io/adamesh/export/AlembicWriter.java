package io.adamesh.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alembic's object/property layer on top of {@link OgawaWriter} (what AbcCoreOgawa writes): an
 * archive of objects, each with a compound of properties; scalar and array properties hold samples
 * written as they are added (a 16-byte key, then the raw little-endian values). Knows no geometry:
 * schemas are metadata strings the scene mapping passes in.
 *
 * <p>Archive group: [file version i32 = 0, library version i32, top object, archive metadata,
 * time samplings, indexed metadata]. Object group: [property compound, child objects..., headers
 * data = per child (u32 name length, name, u8 metadata index or 0xff + u32 length + text) + 32
 * hash bytes]. Compound group: [child properties..., property headers]. Property header: u32 info
 * (type, size hint, POD, flags, extent, metadata index), sample count, first/last changed index when
 * needed, time sampling index when not 0, name, inline metadata. Sample keys are MD5 digests (the
 * reference library uses SpookyHash; readers use keys only to share identical samples) and object
 * hashes are written as zeros.
 */
public final class AlembicWriter {
    public static final int LIBRARY_VERSION = 10812;

    public enum Pod {
        BOOL(0, 1), UINT8(1, 1), INT8(2, 1), UINT16(3, 2), INT16(4, 2), UINT32(5, 4), INT32(6, 4),
        UINT64(7, 8), INT64(8, 8), FLOAT16(9, 2), FLOAT32(10, 4), FLOAT64(11, 8);
        public final int code, bytes;
        Pod(int code, int bytes) { this.code = code; this.bytes = bytes; }
        public static Pod of(int code) {
            for (Pod p : values()) if (p.code == code) return p;
            throw new IllegalArgumentException("unsupported Alembic POD " + code);
        }
    }

    private final OgawaWriter ogawa;
    private final String archiveMetadata;
    private final List<double[]> timeSamplings = new ArrayList<>(); // {timePerCycle, start}
    private final Map<String, Integer> metadataIndex = new LinkedHashMap<>();
    private final Obj top = new Obj("ABC", "");
    private final MessageDigest md5;

    public AlembicWriter(OgawaWriter ogawa, String archiveMetadata) {
        this.ogawa = ogawa;
        this.archiveMetadata = archiveMetadata;
        timeSamplings.add(new double[] {1.0, 0.0});
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a uniform time sampling; returns its index (0 is the default: 1 s per sample from 0). */
    public int uniformTimeSampling(double timePerCycle, double start) {
        timeSamplings.add(new double[] {timePerCycle, start});
        return timeSamplings.size() - 1;
    }

    public Obj top() { return top; }

    private int metadataIndex(String md) {
        if (md.isEmpty()) return 0;
        Integer i = metadataIndex.get(md);
        if (i != null) return i;
        if (metadataIndex.size() >= 254 || md.getBytes(StandardCharsets.UTF_8).length > 255) return 0xff;
        metadataIndex.put(md, metadataIndex.size() + 1);
        return metadataIndex.size();
    }

    public final class Obj {
        final String name, metadata;
        final Compound props = new Compound(".props", "");
        final List<Obj> children = new ArrayList<>();

        Obj(String name, String metadata) { this.name = name; this.metadata = metadata; }

        public Obj child(String childName, String childMetadata) {
            Obj o = new Obj(childName, childMetadata);
            children.add(o);
            return o;
        }

        public Compound properties() { return props; }

        long write() throws IOException {
            long[] g = new long[children.size() + 2];
            g[0] = props.writeChildren();
            for (int i = 0; i < children.size(); i++) g[i + 1] = children.get(i).write();
            ByteSink h = new ByteSink(64);
            for (Obj c : children) {
                byte[] nb = c.name.getBytes(StandardCharsets.UTF_8);
                h.u32(nb.length).bytes(nb);
                int mi = metadataIndex(c.metadata);
                h.u8(mi);
                if (mi == 0xff) {
                    byte[] mb = c.metadata.getBytes(StandardCharsets.UTF_8);
                    h.u32(mb.length).bytes(mb);
                }
            }
            h.zeros(32);
            g[g.length - 1] = ogawa.data(h.toByteArray());
            return ogawa.group(g);
        }
    }

    abstract class Prop {
        final String name, metadata;
        Prop(String name, String metadata) { this.name = name; this.metadata = metadata; }
        abstract long write() throws IOException;
        abstract void header(ByteSink out);
    }

    public final class Compound extends Prop {
        final List<Prop> children = new ArrayList<>();

        Compound(String name, String metadata) { super(name, metadata); }

        public Compound compound(String childName, String childMetadata) {
            Compound c = new Compound(childName, childMetadata);
            children.add(c);
            return c;
        }

        public Sampled scalar(String childName, Pod pod, int extent, String childMetadata, int timeSampling) {
            Sampled s = new Sampled(childName, childMetadata, false, pod, extent, timeSampling);
            children.add(s);
            return s;
        }

        public Sampled array(String childName, Pod pod, int extent, String childMetadata, int timeSampling) {
            Sampled s = new Sampled(childName, childMetadata, true, pod, extent, timeSampling);
            children.add(s);
            return s;
        }

        long writeChildren() throws IOException {
            if (children.isEmpty()) return OgawaWriter.EMPTY_GROUP;
            long[] g = new long[children.size() + 1];
            ByteSink h = new ByteSink(256);
            for (int i = 0; i < children.size(); i++) {
                g[i] = children.get(i).write();
                children.get(i).header(h);
            }
            g[g.length - 1] = ogawa.data(h.toByteArray());
            return ogawa.group(g);
        }

        @Override long write() throws IOException { return writeChildren(); }

        @Override void header(ByteSink out) {
            int mi = metadataIndex(metadata);
            byte[] nb = name.getBytes(StandardCharsets.UTF_8);
            int hint = hint(Math.max(nb.length, mi == 0xff ? metadata.length() : 0));
            out.u32((hint << 2) | (mi << 20));
            sized(out, hint, nb.length);
            out.bytes(nb);
            if (mi == 0xff) { byte[] mb = metadata.getBytes(StandardCharsets.UTF_8); sized(out, hint, mb.length); out.bytes(mb); }
        }
    }

    /** A scalar or array property; samples are written to the file as they are added. */
    public final class Sampled extends Prop {
        final boolean array;
        final Pod pod;
        final int extent, timeSampling;
        final List<Long> stored = new ArrayList<>();
        byte[] lastKey;
        boolean allSame = true, scalarLike = true, sameCount = true;
        int count = -1;

        Sampled(String name, String metadata, boolean array, Pod pod, int extent, int timeSampling) {
            super(name, metadata);
            this.array = array;
            this.pod = pod;
            this.extent = extent;
            this.timeSampling = timeSampling;
        }

        public int sampleCount() { return stored.size(); }

        /** Adds a sample of little-endian values (a whole number of {@code extent}-tuples). */
        public void add(byte[] raw) throws IOException {
            int elements = raw.length / (pod.bytes * extent);
            if (elements * pod.bytes * extent != raw.length) throw new IllegalArgumentException(name + ": sample size " + raw.length + " is not a whole number of elements");
            if (!array && elements != 1) throw new IllegalArgumentException(name + ": a scalar sample holds one element");
            md5.reset();
            byte[] key = md5.digest(raw);
            if (lastKey != null && Arrays.equals(key, lastKey)) {
                stored.add(stored.get(stored.size() - 1));
                return;
            }
            if (lastKey != null) allSame = false;
            if (count >= 0 && count != elements) sameCount = false;
            count = elements;
            if (elements != 1) scalarLike = false;
            lastKey = key;
            long ref = ogawa.data(key, raw);
            stored.add(ref);
        }

        public void add(float[] v) throws IOException { ByteSink b = new ByteSink(v.length * 4); for (float x : v) b.f32(x); add(b.toByteArray()); }
        public void add(double[] v) throws IOException { ByteSink b = new ByteSink(v.length * 8); for (double x : v) b.f64(x); add(b.toByteArray()); }
        public void add(int[] v) throws IOException { ByteSink b = new ByteSink(v.length * 4); for (int x : v) b.u32(x); add(b.toByteArray()); }

        private boolean constant() { return allSame; }

        @Override long write() throws IOException {
            int n = constant() ? Math.min(1, stored.size()) : stored.size();
            long[] g = new long[array ? n * 2 : n];
            for (int i = 0; i < n; i++) {
                if (array) { g[2 * i] = stored.get(i); g[2 * i + 1] = OgawaWriter.EMPTY_DATA; } else g[i] = stored.get(i);
            }
            return ogawa.group(g);
        }

        @Override void header(ByteSink out) {
            int mi = metadataIndex(metadata);
            byte[] nb = name.getBytes(StandardCharsets.UTF_8);
            int samples = stored.size();
            int hint = hint(Math.max(Math.max(samples, timeSampling), Math.max(nb.length, mi == 0xff ? metadata.length() : 0)));
            int type = array ? (scalarLike ? 3 : 2) : 1;
            int info = type | (hint << 2) | (pod.code << 4);
            if (timeSampling != 0) info |= 0x100;
            if (constant()) info |= 0x800;
            boolean homogenous = !array || (extent == 1 && sameCount);
            if (homogenous) info |= 0x400;
            info |= (extent & 0xff) << 12;
            info |= mi << 20;
            out.u32(info);
            sized(out, hint, samples);
            if (timeSampling != 0) sized(out, hint, timeSampling);
            sized(out, hint, nb.length);
            out.bytes(nb);
            if (mi == 0xff) { byte[] mb = metadata.getBytes(StandardCharsets.UTF_8); sized(out, hint, mb.length); out.bytes(mb); }
        }

        int maxSamples() { return stored.size(); }
    }

    private static int hint(int max) { return max < 256 ? 0 : max < 65536 ? 1 : 2; }

    private static void sized(ByteSink out, int hint, int v) {
        switch (hint) {
            case 0 -> out.u8(v);
            case 1 -> out.u16(v);
            default -> out.u32(v);
        }
    }

    private void maxSamples(Obj o, int[] max) {
        maxSamples(o.props, max);
        for (Obj c : o.children) maxSamples(c, max);
    }

    private void maxSamples(Compound c, int[] max) {
        for (Prop p : c.children) {
            if (p instanceof Compound cc) maxSamples(cc, max);
            else if (p instanceof Sampled s) max[s.timeSampling] = Math.max(max[s.timeSampling], s.maxSamples());
        }
    }

    /** Writes the object tree, archive metadata, time samplings and metadata table, then the root group. */
    public void finish() throws IOException {
        long topRef = top.write();
        int[] max = new int[timeSamplings.size()];
        maxSamples(top, max);
        ByteSink ts = new ByteSink(64);
        for (int i = 0; i < timeSamplings.size(); i++) {
            ts.u32(max[i]).f64(timeSamplings.get(i)[0]).u32(1).f64(timeSamplings.get(i)[1]);
        }
        ByteSink md = new ByteSink(512);
        for (String s : metadataIndex.keySet()) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            md.u8(b.length).bytes(b);
        }
        long[] root = {
            ogawa.data(new ByteSink(4).u32(0).toByteArray()),
            ogawa.data(new ByteSink(4).u32(LIBRARY_VERSION).toByteArray()),
            topRef,
            ogawa.data(archiveMetadata.getBytes(StandardCharsets.UTF_8)),
            ogawa.data(ts.toByteArray()),
            ogawa.data(md.toByteArray()),
        };
        ogawa.finish(ogawa.group(root));
    }
}
