package io.adamesh.animate;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lock-free "newest value" exchange between one producer (the inference thread) and one consumer
 * (the FX render loop): a triple buffer. The producer fills {@link #back()} and {@link #publish()}es
 * it; the consumer calls {@link #acquire()} and reads the returned buffer until its next acquire.
 * Neither side ever blocks or allocates, and a slow consumer simply skips frames (it always sees the
 * newest one), which is DESIGN.md section 8's policy: drop stale work, never queue.
 *
 * @param <T> a mutable frame type the caller fills in place
 */
public final class LatestFrame<T> {
    private static final int FRESH = 4; // flag bit in the shared slot: a new frame waits

    private final Object[] buffers = new Object[3];
    private final AtomicInteger shared = new AtomicInteger(1);
    private int back = 0;
    private int front = 2;
    private long published;

    public LatestFrame(Supplier<T> factory) {
        for (int i = 0; i < 3; i++) buffers[i] = factory.get();
    }

    /** The buffer the producer may fill now. */
    @SuppressWarnings("unchecked")
    public T back() { return (T) buffers[back]; }

    /** Makes the filled back buffer the newest frame and hands the producer another one. */
    public void publish() {
        int previous = shared.getAndSet(back | FRESH);
        back = previous & 3;
        published++;
    }

    /** Whether a frame newer than the consumer's current one is waiting. */
    public boolean hasFresh() { return (shared.get() & FRESH) != 0; }

    /** The newest published frame (the same one again when nothing new arrived). */
    @SuppressWarnings("unchecked")
    public T acquire() {
        if ((shared.get() & FRESH) != 0) {
            int previous = shared.getAndSet(front);
            front = previous & 3;
        }
        return (T) buffers[front];
    }

    /** Frames published so far (producer side; for statistics). */
    public long publishedCount() { return published; }
}
