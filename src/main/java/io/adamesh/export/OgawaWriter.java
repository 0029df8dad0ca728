package io.adamesh.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Byte layer of Alembic's Ogawa container, streaming: data blocks are written as they come, groups
 * once their children exist; only offsets are kept in memory. Layout: {@code "Ogawa"}, frozen byte
 * 0xff, version bytes 00 01, u64 offset of the root group; a data block is u64 size + bytes, a group
 * is u64 child count + u64 child offsets, where the top bit of an offset marks a data child. An
 * empty group is offset 0, an empty data block is the bare top bit.
 */
public final class OgawaWriter {
    public static final long DATA_BIT = 1L << 63;
    public static final long EMPTY_GROUP = 0L;
    public static final long EMPTY_DATA = DATA_BIT;
    static final byte[] MAGIC = {'O', 'g', 'a', 'w', 'a', (byte) 0xff, 0, 1};

    private final SeekableByteChannel ch;
    private final ByteSink pending = new ByteSink(1 << 20);
    private long flushed;

    public OgawaWriter(SeekableByteChannel ch) {
        this.ch = ch;
        pending.bytes(MAGIC).u64(0);
    }

    private long position() { return flushed + pending.size(); }

    private void maybeFlush() throws IOException {
        if (pending.size() >= (1 << 20)) flush();
    }

    private void flush() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
        while (b.hasRemaining()) ch.write(b);
        flushed += pending.size();
        pending.reset();
    }

    /** Writes one data block made of the given parts; returns its child reference. */
    public long data(byte[]... parts) throws IOException {
        long size = 0;
        for (byte[] p : parts) size += p.length;
        if (size == 0) return EMPTY_DATA;
        long at = position();
        pending.u64(size);
        for (byte[] p : parts) pending.bytes(p);
        maybeFlush();
        return at | DATA_BIT;
    }

    /** Writes a group of the given child references; returns its reference. */
    public long group(long[] children) throws IOException {
        if (children.length == 0) return EMPTY_GROUP;
        long at = position();
        pending.u64(children.length);
        for (long c : children) pending.u64(c);
        maybeFlush();
        return at;
    }

    /** Points the header at the root group and flushes everything. */
    public void finish(long rootGroup) throws IOException {
        flush();
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, rootGroup);
        ch.position(8);
        while (b.hasRemaining()) ch.write(b);
    }
}
