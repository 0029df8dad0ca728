package io.adamesh.audio;

import java.util.concurrent.locks.LockSupport;

/**
 * An output line without hardware: a buffer drained at exactly 16 kHz by a clock. With a
 * {@link Clock#virtual() virtual clock}, a blocked write advances time instead of sleeping, so ten
 * minutes of playback run in milliseconds (tests, bench).
 */
public final class SimulatedOutputLine implements OutputLine {
    /** Time source: nanoseconds and a way to wait. */
    public interface Clock {
        long nanos();

        void sleep(long nanos);

        static Clock system() {
            return new Clock() {
                @Override
                public long nanos() {
                    return System.nanoTime();
                }

                @Override
                public void sleep(long nanos) {
                    LockSupport.parkNanos(nanos);
                }
            };
        }

        /** Time that only moves when someone sleeps. */
        static VirtualClock virtual() {
            return new VirtualClock();
        }
    }

    /**
     * A {@link Clock} whose time moves only when someone sleeps. A test can {@link #holdAt hold} it
     * at an instant: sleepers then wait (in real time) until the hold moves, so "play one second"
     * stops at exactly one second however the threads are scheduled.
     */
    public static final class VirtualClock implements Clock {
        private volatile long now;
        private long limit = Long.MAX_VALUE;
        private int sleepers;

        @Override
        public long nanos() {
            return now;
        }

        @Override
        public synchronized void sleep(long nanos) {
            sleepers++;
            try {
                while (now >= limit) {
                    wait();
                }
                now = Math.min(limit, now + Math.max(1, nanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sleepers--;
                notifyAll();
            }
        }

        /** Time will not pass {@code nanos} until the hold moves or is {@link #release released}. */
        public synchronized void holdAt(long nanos) {
            limit = nanos;
            notifyAll();
        }

        public synchronized void release() {
            holdAt(Long.MAX_VALUE);
        }

        /**
         * Lifts the hold and waits (real time) until nobody sleeps on this clock, so a sleep begun
         * before a pause completes during the pause, as it would in real time.
         */
        public synchronized void settle() {
            release();
            while (sleepers > 0) {
                try {
                    wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /**
         * Waits (real time) until time reaches the hold or {@code stop} says to give up; returns
         * whether the hold was reached.
         */
        public synchronized boolean awaitHold(java.util.function.BooleanSupplier stop) {
            while (now < limit) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                try {
                    wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private static final int RATE = 16_000;
    private final Clock clock;
    private final int bufferFrames;
    private final int extraLatencyFrames;
    private long renderedBase;       // frames rendered before the current run
    private long runStartNanos = -1; // -1 when stopped
    private long queuedEnd;          // frames written since open, minus flushed ones
    private boolean closed;
    private short[] kept;            // when keeping: sample of each line frame, flushed ones dropped

    public SimulatedOutputLine(Clock clock, int bufferFrames, int extraLatencyFrames) {
        this.clock = clock;
        this.bufferFrames = bufferFrames;
        this.extraLatencyFrames = extraLatencyFrames;
    }

    public Clock clock() {
        return clock;
    }

    /** From now on, keeps every sample written, so a test can check what was (or will be) heard. */
    public synchronized void keepSamples() {
        if (kept == null) {
            kept = new short[Math.max(1024, (int) queuedEnd)];
        }
    }

    /**
     * The samples at line frames [from, from + count) as they were rendered or are queued to be;
     * flushed audio is gone, as it is from a real line. Needs {@link #keepSamples()} first.
     */
    public synchronized short[] samplesAt(long from, int count) {
        if (kept == null) {
            throw new IllegalStateException("keepSamples() was not called");
        }
        if (from < 0 || from + count > queuedEnd) {
            throw new IndexOutOfBoundsException("frames " + from + "+" + count + " of " + queuedEnd);
        }
        return java.util.Arrays.copyOfRange(kept, (int) from, (int) from + count);
    }

    private void keep(byte[] data, int offset, int frames) {
        if (queuedEnd + frames > kept.length) {
            kept = java.util.Arrays.copyOf(kept, (int) Math.max(queuedEnd + frames, kept.length * 2L));
        }
        for (int i = 0; i < frames; i++) {
            kept[(int) queuedEnd + i] = (short) ((data[offset + 2 * i] & 0xff) | (data[offset + 2 * i + 1] << 8));
        }
    }

    @Override
    public synchronized long framePosition() {
        if (runStartNanos < 0) {
            return renderedBase;
        }
        long played = renderedBase + (clock.nanos() - runStartNanos) * RATE / 1_000_000_000L;
        return Math.min(played, queuedEnd);   // an empty buffer renders nothing (underrun)
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        int frames = length / 2;
        int done = 0;
        while (done < frames) {
            int space;
            synchronized (this) {
                if (closed) {
                    return done * 2;
                }
                space = (int) (bufferFrames - (queuedEnd - framePosition()));
                if (space > 0) {
                    int n = Math.min(space, frames - done);
                    rebaseIfUnderrun();
                    if (kept != null) {
                        keep(data, offset + done * 2, n);
                    }
                    queuedEnd += n;
                    done += n;
                    continue;
                }
                if (runStartNanos < 0) {
                    return done * 2;   // stopped with a full buffer: a real line would block; we return
                }
            }
            clock.sleep(1_000_000_000L / RATE * Math.max(1, Math.min(frames - done, bufferFrames / 4)));
        }
        return done * 2;
    }

    /** After an underrun, rendering resumes from the newly written data, not from the past. */
    private void rebaseIfUnderrun() {
        if (runStartNanos >= 0) {
            long pos = framePosition();
            if (pos >= queuedEnd) {
                renderedBase = pos;
                runStartNanos = clock.nanos();
            }
        }
    }

    @Override
    public synchronized void start() {
        if (runStartNanos < 0) {
            runStartNanos = clock.nanos();
        }
    }

    @Override
    public synchronized void stop() {
        if (runStartNanos >= 0) {
            renderedBase = framePosition();
            runStartNanos = -1;
        }
    }

    @Override
    public synchronized void flush() {
        long pos = framePosition();
        renderedBase = pos;
        queuedEnd = pos;
        if (runStartNanos >= 0) {
            runStartNanos = clock.nanos();
        }
    }

    @Override
    public synchronized int available() {
        return (int) (bufferFrames - (queuedEnd - framePosition())) * 2;
    }

    @Override
    public int bufferBytes() {
        return bufferFrames * 2;
    }

    @Override
    public int extraLatencyFrames() {
        return extraLatencyFrames;
    }

    @Override
    public void waitForSpace() {
        clock.sleep(2_000_000L);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
