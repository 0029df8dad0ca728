package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LatestFrameTest {
    @Test
    void consumerSeesTheNewestFrameAndSkipsStaleOnes() {
        LatestFrame<long[]> f = new LatestFrame<>(() -> new long[1]);
        assertFalse(f.hasFresh());
        for (long i = 1; i <= 3; i++) {
            f.back()[0] = i;
            f.publish();
        }
        assertTrue(f.hasFresh());
        assertEquals(3, f.acquire()[0], "frames 1 and 2 were dropped, not queued");
        assertFalse(f.hasFresh());
        assertEquals(3, f.acquire()[0], "without a new frame the consumer keeps the current one");
    }

    @Test
    void concurrentProducerNeverHandsOutATornOrOlderFrame() throws Exception {
        LatestFrame<long[]> f = new LatestFrame<>(() -> new long[64]);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            for (long seq = 1; !stop.get(); seq++) {
                long[] b = f.back();
                for (int i = 0; i < b.length; i++) b[i] = seq;
                f.publish();
            }
        });
        producer.start();
        long last = 0;
        long deadline = System.nanoTime() + 300_000_000L;
        int reads = 0;
        while (System.nanoTime() < deadline) {
            long[] frame = f.acquire();
            long seq = frame[0];
            for (long x : frame) if (x != seq) failure.compareAndSet(null, "torn frame: " + x + " vs " + seq);
            if (seq < last) failure.compareAndSet(null, "went back from " + last + " to " + seq);
            last = seq;
            reads++;
        }
        stop.set(true);
        producer.join();
        assertEquals(null, failure.get());
        assertTrue(last > 0 && reads > 100, "consumer saw frames (last " + last + ", reads " + reads + ")");
    }
}
