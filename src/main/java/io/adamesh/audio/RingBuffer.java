package io.adamesh.audio;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Preallocated float ring for one writer thread and one reader thread.
 *
 * <p>The writer never blocks: when the reader falls behind, the newest audio wins and the oldest is
 * overwritten. {@link #latest} copies the newest samples into a caller-owned array (what an inference
 * hop wants); {@link #readNext} gives an in-order stream and, when the reader was overrun, skips to the
 * oldest sample still held and adds the skipped count to {@link #dropped()}.
 *
 * <p>Sample indices are absolute: {@link #written()} counts every sample ever written. Readers copy
 * optimistically and retry if the writer lapped the region they copied (a sequence check on the
 * published counter), so no locks are taken and nothing is allocated.
 */
public final class RingBuffer {
    private final float[] data;
    private final int capacity;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    private long readCursor;   // reader thread only

    public RingBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.data = new float[capacity];
    }

    public int capacity() {
        return capacity;
    }

    /** Total samples written since creation (or {@link #clear()}). */
    public long written() {
        return written.get();
    }

    /** Samples the in-order reader lost because the writer overran it. */
    public long dropped() {
        return dropped.get();
    }

    /** Writer thread: appends samples, overwriting the oldest when full. */
    public void write(float[] src, int offset, int length) {
        long w = written.get();
        if (length > capacity) {           // only the newest `capacity` can survive
            offset += length - capacity;
            w += length - capacity;
            length = capacity;
        }
        long end = w + length;
        // Seqlock: announce the region about to be overwritten before touching the data.
        reserved.set(end);
        VarHandle.storeStoreFence();
        int pos = (int) (w % capacity);
        int first = Math.min(length, capacity - pos);
        System.arraycopy(src, offset, data, pos, first);
        System.arraycopy(src, offset + first, data, 0, length - first);
        written.set(end);                  // release: the data above is visible before the new count
    }

    /**
     * Reader: copies the newest {@code n} samples (n ≤ capacity) into {@code out[0, n)}; when fewer
     * than {@code n} were ever written, the front is zero-filled. Returns the absolute index one past
     * the last copied sample.
     */
    public long latest(int n, float[] out) {
        if (n > capacity || n > out.length) {
            throw new IllegalArgumentException("window " + n + " exceeds capacity " + capacity + " or output");
        }
        while (true) {
            long end = written.get();
            long start = end - n;
            copy(start, out, 0, n);
            if (valid(start)) {
                return end;
            }
        }
    }

    /**
     * In-order reader: copies up to {@code max} samples following the previous call into {@code out}
     * from {@code offset}; returns how many (0 when nothing new). If the writer overran this reader, the
     * lost samples are skipped and counted in {@link #dropped()}.
     */
    public int readNext(float[] out, int offset, int max) {
        while (true) {
            long end = written.get();
            long oldest = end - capacity;
            if (readCursor < oldest) {
                dropped.addAndGet(oldest - readCursor);
                readCursor = oldest;
            }
            int n = (int) Math.min(max, end - readCursor);
            if (n <= 0) {
                return 0;
            }
            copy(readCursor, out, offset, n);
            if (valid(readCursor)) {
                readCursor += n;
                return n;
            }
        }
    }

    /** Absolute index of the next sample {@link #readNext} returns. */
    public long readCursor() {
        return readCursor;
    }

    /** Resets counters and cursor; only while neither thread is using the buffer. */
    public void clear() {
        written.set(0);
        reserved.set(0);
        dropped.set(0);
        readCursor = 0;
    }

    private void copy(long start, float[] out, int offset, int n) {
        int lead = 0;
        if (start < 0) {   // before the first sample ever written: silence
            lead = (int) Math.min(n, -start);
            java.util.Arrays.fill(out, offset, offset + lead, 0f);
        }
        long s = start + lead;
        int remaining = n - lead;
        int pos = (int) (s % capacity);
        int first = Math.min(remaining, capacity - pos);
        System.arraycopy(data, pos, out, offset + lead, first);
        System.arraycopy(data, 0, out, offset + lead + first, remaining - first);
    }

    /** True if no sample at or after {@code start} was (or is being) overwritten since we copied. */
    private boolean valid(long start) {
        VarHandle.loadLoadFence();
        return start >= reserved.get() - capacity;
    }
}
