package io.adamesh.audio;

import java.io.InputStream;
import java.util.function.LongSupplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A microphone that plays a loop of 16-kHz mono audio at the pace of the wall clock: reads block
 * until the clock has reached the samples they return, as a sound card's line does, so a capture fed
 * by it runs in real time (or {@code speed} times real time) for as long as it is read. For soak runs,
 * the bench and demonstrations without a sound card. Signed 16-bit little-endian PCM.
 */
public final class SimulatedMicrophone implements CaptureSource {
    private final float[] loop;
    private final double speed;
    private final LongSupplier clock;
    private volatile boolean closed;
    private volatile long delivered;

    /**
     * @param loop  the audio, played again and again (16 kHz mono, -1..1)
     * @param speed 1 = real time; 2 = twice as fast
     * @param clock nanoseconds (System::nanoTime)
     */
    public SimulatedMicrophone(float[] loop, double speed, LongSupplier clock) {
        if (loop.length == 0) throw new IllegalArgumentException("empty audio loop");
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive, is " + speed);
        this.loop = loop.clone();
        this.speed = speed;
        this.clock = clock;
    }

    public SimulatedMicrophone(float[] loop) {
        this(loop, 1.0, System::nanoTime);
    }

    /** Samples delivered so far (16 kHz). */
    public long delivered() {
        return delivered;
    }

    @Override
    public AudioInputStream open() {
        closed = false;
        long start = clock.getAsLong();
        InputStream paced = new InputStream() {
            private long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int want = len / 2;
                if (want == 0) return 0;
                while (true) {
                    if (closed) return -1;
                    long due = (long) ((clock.getAsLong() - start) / 1e9 * 16_000 * speed);
                    long ready = due - pos;
                    if (ready > 0) {
                        int n = (int) Math.min(want, ready);
                        for (int i = 0; i < n; i++) {
                            float v = loop[(int) ((pos + i) % loop.length)];
                            int s = Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f);
                            b[off + 2 * i] = (byte) s;
                            b[off + 2 * i + 1] = (byte) (s >> 8);
                        }
                        pos += n;
                        delivered = pos;
                        return 2 * n;
                    }
                    long waitNanos = (long) ((1 - ready) / (16_000 * speed) * 1e9);
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.max(100_000L, waitNanos));
                }
            }
        };
        return new AudioInputStream(paced, new AudioFormat(16_000f, 16, 1, true, false), AudioSystem.NOT_SPECIFIED);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String description() {
        return "simulated microphone (" + loop.length / 16_000.0 + " s loop" + (speed == 1.0 ? ")" : ", x" + speed + ")");
    }
}
