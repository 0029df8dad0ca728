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
        static Clock virtual() {
            return new Clock() {
                private volatile long now;

                @Override
                public long nanos() {
                    return now;
                }

                @Override
                public synchronized void sleep(long nanos) {
                    now = now + Math.max(1, nanos);
                }
            };
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

    public SimulatedOutputLine(Clock clock, int bufferFrames, int extraLatencyFrames) {
        this.clock = clock;
        this.bufferFrames = bufferFrames;
        this.extraLatencyFrames = extraLatencyFrames;
    }

    public Clock clock() {
        return clock;
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
