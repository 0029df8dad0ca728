package io.adamesh.audio;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.jvm.JVMAudioInputStream;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import javax.sound.sampled.AudioInputStream;

/**
 * Live capture: a TarsosDSP dispatcher on its own thread reads the source in 10 ms blocks, resamples
 * them to 16 kHz and writes them into a {@link RingBuffer}; it never waits for the readers.
 *
 * <p>Problems (no device, refused format, a device unplugged mid-stream) become a {@link CaptureStatus}
 * delivered to the listener (on the capture thread or the caller's) — never an exception or Error
 * reaching the user. The input level for a meter is published lock-free ({@link #levelRmsDbfs()},
 * {@link #levelPeakDbfs()}).
 */
public final class MicrophoneCapture implements AutoCloseable {
    public static final int RATE = 16_000;
    private static final double FLOOR_DB = -120.0;

    private final RingBuffer ring;
    private final ThreadFactory threads;
    private final Consumer<CaptureStatus> listener;
    private volatile CaptureStatus status = CaptureStatus.stopped();
    private volatile boolean stopRequested;
    private volatile float rmsDb = (float) FLOOR_DB;
    private volatile float peakDb = (float) FLOOR_DB;
    private volatile long blockNanos;      // System.nanoTime when the newest block entered the ring
    private CaptureSource source;
    private AudioDispatcher dispatcher;
    private Thread thread;

    /**
     * @param threads makes the capture thread (e.g. daemon, named, high priority)
     * @param listener receives every status change; must not block
     */
    public MicrophoneCapture(RingBuffer ring, ThreadFactory threads, Consumer<CaptureStatus> listener) {
        this.ring = Objects.requireNonNull(ring);
        this.threads = Objects.requireNonNull(threads);
        this.listener = listener == null ? s -> { } : listener;
    }

    /** A capture whose thread is a daemon named {@code adamesh-capture}. */
    public MicrophoneCapture(RingBuffer ring, Consumer<CaptureStatus> listener) {
        this(ring, r -> {
            Thread t = new Thread(r, "adamesh-capture");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        }, listener);
    }

    public CaptureStatus status() {
        return status;
    }

    public RingBuffer ring() {
        return ring;
    }

    /** RMS of the latest block in dBFS (sine at full scale = -3 dB); -120 when silent or stopped. */
    public double levelRmsDbfs() {
        return rmsDb;
    }

    public double levelPeakDbfs() {
        return peakDb;
    }

    /** {@link System#nanoTime()} at which the newest block became readable in the ring. */
    public long lastBlockNanos() {
        return blockNanos;
    }

    /**
     * Opens the source and starts the capture thread. Returns the resulting status (RUNNING, or the
     * problem); never throws for device problems.
     */
    public synchronized CaptureStatus start(CaptureSource newSource) {
        stop();
        stopRequested = false;
        AudioInputStream stream;
        try {
            stream = newSource.open();
        } catch (CaptureSource.CaptureUnavailableException e) {
            return publish(new CaptureStatus(e.state(), e.getMessage(), 0));
        } catch (RuntimeException e) {
            return publish(new CaptureStatus(CaptureStatus.State.NO_DEVICE,
                    "The microphone could not be opened: " + e.getMessage(), 0));
        }
        int rate = Math.round(stream.getFormat().getSampleRate());
        if (stream.getFormat().getChannels() != 1) {
            newSource.close();
            return publish(new CaptureStatus(CaptureStatus.State.FORMAT_REFUSED,
                    "Only mono capture is supported; the source gave " + stream.getFormat().getChannels() + " channels",
                    0));
        }
        int block = Math.max(16, rate / 100);
        AudioDispatcher d = new AudioDispatcher(new JVMAudioInputStream(stream), block, 0);
        d.setZeroPadLastBuffer(false);
        d.addAudioProcessor(new RingWriter(new Resampler(rate, RATE), block));
        source = newSource;
        dispatcher = d;
        CaptureStatus running = publish(new CaptureStatus(CaptureStatus.State.RUNNING,
                "Capturing from " + newSource.description() + " at " + rate + " Hz", rate));
        thread = threads.newThread(() -> runDispatcher(d, newSource));
        thread.start();
        return running;
    }

    private void runDispatcher(AudioDispatcher d, CaptureSource src) {
        try {
            d.run();
            if (!stopRequested) {
                publish(src.live()
                        ? new CaptureStatus(CaptureStatus.State.DEVICE_LOST,
                                "The microphone stopped delivering audio (disconnected?)", 0)
                        : new CaptureStatus(CaptureStatus.State.ENDED, "Input stream ended", 0));
            }
        } catch (Throwable t) { // TarsosDSP turns I/O failures into java.lang.Error
            if (!stopRequested) {
                publish(new CaptureStatus(CaptureStatus.State.DEVICE_LOST,
                        "The microphone was lost: " + readable(t), 0));
            }
        } finally {
            src.close();
            rmsDb = (float) FLOOR_DB;
            peakDb = (float) FLOOR_DB;
        }
    }

    /** Stops capturing and waits (bounded) for the thread to end. */
    public synchronized void stop() {
        stopRequested = true;
        if (dispatcher != null) {
            dispatcher.stop();
        }
        if (source != null) {
            source.close();
        }
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean wasActive = thread != null;
        dispatcher = null;
        source = null;
        thread = null;
        if (wasActive && status.state() == CaptureStatus.State.RUNNING) {
            publish(CaptureStatus.stopped());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Waits until the capture thread ends by itself (stream end) or the timeout passes. */
    public boolean awaitEnd(long millis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(millis);
            return !t.isAlive();
        }
        return true;
    }

    private CaptureStatus publish(CaptureStatus s) {
        status = s;
        try {
            listener.accept(s);
        } catch (RuntimeException ignored) {
            // a faulty listener must not kill the capture thread
        }
        return s;
    }

    private static String readable(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** TarsosDSP processor on the capture thread: resample, meter, write. Allocation-free. */
    private final class RingWriter implements AudioProcessor {
        private final Resampler resampler;
        private final float[] out;

        RingWriter(Resampler resampler, int block) {
            this.resampler = resampler;
            this.out = new float[resampler.maxOutput(block)];
        }

        @Override
        public boolean process(AudioEvent event) {
            float[] in = event.getFloatBuffer();
            double sum = 0;
            float peak = 0;
            for (float v : in) {
                sum += v * (double) v;
                peak = Math.max(peak, Math.abs(v));
            }
            int n = resampler.process(in, 0, in.length, out, 0);
            if (n > 0) {
                ring.write(out, 0, n);
                blockNanos = System.nanoTime();
            }
            rmsDb = (float) toDb(Math.sqrt(sum / Math.max(1, in.length)));
            peakDb = (float) toDb(peak);
            return true;
        }

        @Override
        public void processingFinished() {
            // Nothing to flush into a live ring: the resampler's look-ahead tail is under 10 ms.
        }
    }

    private static double toDb(double linear) {
        return linear <= 1e-6 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(linear));
    }
}
