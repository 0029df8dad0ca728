package io.adamesh.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads Ogawa containers from memory and fails loudly on damage: bad magic or version, a root or
 * child offset outside the file, a group or data block that runs past the end, a cycle of groups.
 */
public final class OgawaReader {
    private final ByteBuffer b;
    private final long root;

    public OgawaReader(byte[] data) throws IOException {
        if (data.length < 16) throw new IOException("not an Ogawa file: only " + data.length + " bytes");
        if (!Arrays.equals(Arrays.copyOf(data, 5), Arrays.copyOf(OgawaWriter.MAGIC, 5))) throw new IOException("not an Ogawa file (bad magic)");
        if (data[6] != 0 || data[7] != 1) throw new IOException("unsupported Ogawa version " + data[6] + "." + data[7]);
        b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        root = b.getLong(8);
        if (root == 0 || isData(root)) throw new IOException("Ogawa header does not point at a root group (offset " + root + "): unfinished or damaged file");
        checkGroup(root);
    }

    public long root() { return root; }

    public static boolean isData(long ref) { return (ref & OgawaWriter.DATA_BIT) != 0; }

    private void checkGroup(long off) throws IOException {
        if (off < 16 || off + 8 > b.limit()) throw new IOException("group offset " + off + " outside the file (" + b.limit() + " bytes)");
        long n = b.getLong((int) off);
        if (n < 0 || off + 8 + n * 8 > b.limit()) throw new IOException("group at " + off + " with " + n + " children runs past the end of the file (truncated?)");
    }

    /** Child references of a group (empty for the empty group 0). */
    public long[] children(long group) throws IOException {
        if (isData(group)) throw new IOException("expected a group, found data at " + (group & ~OgawaWriter.DATA_BIT));
        if (group == 0) return new long[0];
        checkGroup(group);
        int n = (int) b.getLong((int) group);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long c = b.getLong((int) group + 8 + i * 8);
            long at = c & ~OgawaWriter.DATA_BIT;
            if (at != 0 && (at < 16 || at >= b.limit())) throw new IOException("child " + i + " of group " + group + " points outside the file (" + at + ")");
            if (at != 0 && at >= group && !isData(c)) throw new IOException("group " + group + " has a forward child group " + at + " (damaged)");
            out[i] = c;
        }
        return out;
    }

    /** Bytes of a data block (empty for the empty block). */
    public byte[] data(long ref) throws IOException {
        if (!isData(ref)) throw new IOException("expected data, found a group at " + ref);
        long at = ref & ~OgawaWriter.DATA_BIT;
        if (at == 0) return new byte[0];
        if (at + 8 > b.limit()) throw new IOException("data offset " + at + " outside the file");
        long n = b.getLong((int) at);
        if (n < 0 || at + 8 + n > b.limit()) throw new IOException("data block at " + at + " of " + n + " bytes runs past the end of the file (truncated?)");
        byte[] out = new byte[(int) n];
        b.get((int) at + 8, out);
        return out;
    }
}
