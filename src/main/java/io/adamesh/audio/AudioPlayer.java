package io.adamesh.audio;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Plays a 16 kHz mono track with play/pause/seek/loop. Its {@link #positionSeconds()} is the
 * animation clock: the track time the listener hears now, derived from the output line's rendered
 * frame position (not wall time), minus the line's extra output latency.
 *
 * <p>A feeder thread writes 10 ms blocks, never more than the line can take without blocking, under a
 * lock shared with seek, so a seek never lets stale audio into the line. Each time the feeder jumps in
 * the track (seek, loop wrap) it records a segment {line frame -> track sample}; the clock maps the
 * line position through the newest segment that has started playing.
 */
public final class AudioPlayer implements AutoCloseable {
    public static final int RATE = 16_000;
    private static final int BLOCK = 160;
    private static final int SEGMENTS = 64;

    private final float[] track;
    private final OutputLine line;
    private final Object lock = new Object();
    private final byte[] bytes = new byte[BLOCK * 2];
    private final long[] segLine = new long[SEGMENTS];
    private final long[] segTrack = new long[SEGMENTS];
    private int segCount;          // total segments recorded (ring index = count % SEGMENTS)
    private long framesQueued;     // line frame index after the last written frame
    private long writeIndex;       // next track sample to write
    private long loopStart;
    private long loopEnd;
    private boolean loop;
    private volatile boolean playing;
    private volatile boolean ended;
    private volatile boolean closed;
    private final Thread feeder;

    public AudioPlayer(float[] track, OutputLine line, ThreadFactory threads) {
        this.track = Objects.requireNonNull(track);
        this.line = Objects.requireNonNull(line);
        this.loopEnd = track.length;
        synchronized (lock) {
            resetSegments(line.framePosition(), 0);
        }
        this.feeder = threads.newThread(this::feed);
        feeder.start();
    }

    /** A player whose feeder is a daemon thread named {@code adamesh-playback}. */
    public AudioPlayer(float[] track, OutputLine line) {
        this(track, line, r -> {
            Thread t = new Thread(r, "adamesh-playback");
            t.setDaemon(true);
            return t;
        });
    }

    public double durationSeconds() {
        return track.length / (double) RATE;
    }

    public boolean isPlaying() {
        return playing;
    }

    /** True once a non-looping play reached the end of the track and the line drained. */
    public boolean ended() {
        return ended;
    }

    public void play() {
        synchronized (lock) {
            if (ended || writeIndex >= loopEnd && !loop) {
                seekLocked(loop ? loopStart : 0);
            }
            ended = false;
            playing = true;
            line.start();
        }
        java.util.concurrent.locks.LockSupport.unpark(feeder);
    }

    public void pause() {
        synchronized (lock) {
            playing = false;
            line.stop();
        }
    }

    /** Jumps to {@code seconds} (clamped to the track); keeps playing if it was. */
    public void seek(double seconds) {
        synchronized (lock) {
            seekLocked(Math.round(Math.max(0, Math.min(durationSeconds(), seconds)) * RATE));
            ended = false;
        }
    }

    /** Loops [startSeconds, endSeconds) when enabled; the whole track by default. */
    public void setLoop(boolean enabled) {
        synchronized (lock) {
            loop = enabled;
        }
    }

    public void setLoopRegion(double startSeconds, double endSeconds) {
        synchronized (lock) {
            long a = Math.round(Math.max(0, startSeconds) * RATE);
            long b = Math.round(Math.min(durationSeconds(), endSeconds) * RATE);
            if (b - a < BLOCK) {
                throw new IllegalArgumentException("loop region shorter than 10 ms");
            }
            loopStart = a;
            loopEnd = b;
        }
    }

    public boolean looping() {
        return loop;
    }

    /** Track time the listener hears now, in seconds. */
    public double positionSeconds() {
        synchronized (lock) {
            return trackSampleAt(line.framePosition() - line.extraLatencyFrames()) / (double) RATE;
        }
    }

    private long trackSampleAt(long heardFrame) {
        int newest = segCount - 1;
        int oldest = Math.max(0, segCount - SEGMENTS);
        for (int i = newest; i >= oldest; i--) {
            int k = i % SEGMENTS;
            if (segLine[k] <= heardFrame || i == oldest) {
                long offset = Math.max(0, heardFrame - segLine[k]);
                long limit = i < newest ? segLine[(i + 1) % SEGMENTS] - segLine[k] : framesQueued - segLine[k];
                return Math.min(segTrack[k] + Math.min(offset, Math.max(0, limit)), track.length);
            }
        }
        return 0;
    }

    private void seekLocked(long sample) {
        line.stop();
        line.flush();
        resetSegments(line.framePosition(), sample);
        writeIndex = sample;
        if (playing) {
            line.start();
        }
    }

    private void resetSegments(long lineFrame, long trackSample) {
        segCount = 0;
        framesQueued = lineFrame;
        addSegment(lineFrame, trackSample);
    }

    private void addSegment(long lineFrame, long trackSample) {
        int k = segCount % SEGMENTS;
        segLine[k] = lineFrame;
        segTrack[k] = trackSample;
        segCount++;
    }

    private void feed() {
        while (!closed) {
            boolean wait;
            synchronized (lock) {
                wait = !playing || !feedOnce();
            }
            if (closed) {
                return;
            }
            if (!playing) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, 20_000_000L);
            } else if (wait) {
                line.waitForSpace();
            }
        }
    }

    /** Writes what fits; returns false when nothing could be written (caller waits). */
    private boolean feedOnce() {
        long end = loop ? loopEnd : track.length;
        if (writeIndex >= end) {
            if (loop) {
                writeIndex = loopStart;
                addSegment(framesQueued, loopStart);
                return true;
            }
            if (line.framePosition() >= framesQueued) {   // drained: the end was heard
                ended = true;
                playing = false;
                line.stop();
            }
            return false;
        }
        int space = line.available() / 2;
        int n = (int) Math.min(Math.min(BLOCK, space), end - writeIndex);
        if (n <= 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            float v = Math.max(-1f, Math.min(1f, track[(int) writeIndex + i]));
            int s = Math.round(v * 32767f);
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        int written = line.write(bytes, 0, n * 2) / 2;
        writeIndex += written;
        framesQueued += written;
        return written > 0;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            playing = false;
            line.stop();
            line.flush();
        }
        java.util.concurrent.locks.LockSupport.unpark(feeder);
        try {
            feeder.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        line.close();
    }
}
