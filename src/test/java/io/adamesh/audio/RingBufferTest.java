package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RingBufferTest {
    private static float[] ramp(long from, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + i;
        }
        return x;
    }

    @Test
    void latestZeroFillsBeforeFirstSample() {
        RingBuffer ring = new RingBuffer(8);
        ring.write(ramp(1, 3), 0, 3);
        float[] out = new float[5];
        assertEquals(3, ring.latest(5, out));
        assertArrayEquals(new float[] {0, 0, 1, 2, 3}, out);
    }

    @Test
    void latestWrapsAroundAndNewestWins() {
        RingBuffer ring = new RingBuffer(8);
        for (int i = 0; i < 5; i++) {
            ring.write(ramp(i * 3, 3), 0, 3);
        }
        float[] out = new float[8];
        assertEquals(15, ring.latest(8, out));
        assertArrayEquals(ramp(7, 8), out);
        assertEquals(15, ring.written());
    }

    @Test
    void oversizedWriteKeepsOnlyNewestCapacity() {
        RingBuffer ring = new RingBuffer(4);
        ring.write(ramp(0, 10), 0, 10);
        float[] out = new float[4];
        assertEquals(10, ring.latest(4, out));
        assertArrayEquals(ramp(6, 4), out);
    }

    @Test
    void readNextIsInOrderAndCountsDroppedSamples() {
        RingBuffer ring = new RingBuffer(10);
        float[] out = new float[100];
        ring.write(ramp(0, 6), 0, 6);
        assertEquals(4, ring.readNext(out, 0, 4));
        assertArrayEquals(ramp(0, 4), java.util.Arrays.copyOf(out, 4));
        ring.write(ramp(6, 20), 0, 20);          // writer laps the reader: samples 4..15 are gone
        int n = ring.readNext(out, 0, 100);
        assertEquals(10, n);
        assertArrayEquals(ramp(16, 10), java.util.Arrays.copyOf(out, 10));
        assertEquals(12, ring.dropped());
        assertEquals(0, ring.readNext(out, 0, 100));
    }

    @Test
    @Timeout(20)
    void concurrentWriterAndReadersNeverSeeTornOrStaleWindows() throws Exception {
        RingBuffer ring = new RingBuffer(1024);
        long total = 3_000_000;
        AtomicReference<String> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            float[] chunk = new float[160];
            for (long w = 0; w < total; w += chunk.length) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (float) ((w + i) % 1_000_000);   // exact in float
                }
                ring.write(chunk, 0, chunk.length);
            }
        });
        writer.start();
        float[] window = new float[800];
        float[] stream = new float[333];
        long expectedNext = 0;
        long seen = 0;
        while (writer.isAlive() || ring.readCursor() < ring.written()) {
            long end = ring.latest(window.length, window);
            for (int i = 0; i < window.length; i++) {
                long idx = end - window.length + i;
                float want = idx < 0 ? 0 : (float) (idx % 1_000_000);
                if (window[i] != want) {
                    failure.compareAndSet(null, "latest: index " + idx + " had " + window[i]);
                }
            }
            long before = ring.dropped();
            long cursor = ring.readCursor();
            int n = ring.readNext(stream, 0, stream.length);
            long skipped = ring.dropped() - before;
            if (cursor + skipped != ring.readCursor() - n) {
                failure.compareAndSet(null, "readNext cursor arithmetic");
            }
            expectedNext = ring.readCursor() - n;
            for (int i = 0; i < n; i++) {
                if (stream[i] != (float) ((expectedNext + i) % 1_000_000)) {
                    failure.compareAndSet(null, "readNext: index " + (expectedNext + i) + " had " + stream[i]);
                }
            }
            seen += n;
        }
        writer.join();
        assertEquals(null, failure.get());
        assertEquals(total, ring.written());
        assertEquals(total, seen + ring.dropped(), "every sample was either read or counted as dropped");
    }
}
