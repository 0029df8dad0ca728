package io.adamesh.audio;

/**
 * The part of a javax.sound {@code SourceDataLine} the player uses, so the clock logic can run against
 * a simulated line where there is no sound card. Format: 16 kHz, mono, 16-bit signed little-endian.
 */
public interface OutputLine extends AutoCloseable {
    /** Blocks until all bytes are queued (or the line is stopped/flushed); returns bytes queued. */
    int write(byte[] data, int offset, int length);

    void start();

    void stop();

    /** Discards queued, unplayed data. */
    void flush();

    /** Frames rendered since the line was opened (the line's own clock). */
    long framePosition();

    /** Bytes that can be written without blocking. */
    int available();

    int bufferBytes();

    /**
     * Extra delay between the line's frame position and the sound reaching the listener
     * (hardware/driver latency not reflected in {@link #framePosition()}), in frames.
     */
    int extraLatencyFrames();

    /** Waits briefly for buffer space (called without holding the player's lock). */
    default void waitForSpace() {
        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
    }

    @Override
    void close();
}
