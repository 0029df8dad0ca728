package io.adamesh.animate;

import io.adamesh.audio.LogMel;
import io.adamesh.audio.RingBuffer;
import io.adamesh.face.FaceModel;
import io.adamesh.model.ExpressionNetwork;
import io.adamesh.model.ModelBundleException;
import io.adamesh.model.PoseModelException;
import io.adamesh.model.SpeechEncoderException;
import java.util.Arrays;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Live mode (DESIGN.md section 8). The audio thread fills a {@link RingBuffer}; the inference thread
 * calls {@link #step()} every 33 ms hop. A step never consumes a queue: it copies the NEWEST window of
 * audio (0.8 to 1.2 s, starting on a 0.4-s grid so the encoder's 4-frame chunk mask and the decoder's
 * 50 -> 30 fps resampling line up with training), runs the live encoder (chunk mask 4) and the
 * expression network with the current speaker's MoLoRA tensors, and publishes the newest animation
 * frame it can compute through {@link LatestFrame}. When the thread falls behind, the frames in between
 * are never made: they are counted as dropped. Each step is a pure function of the window, so a
 * speaker switch takes effect on the next step without any state to rebuild.
 *
 * <p>Latency is measured per frame from timestamps: the audio at the frame's time was captured at
 * {@code captureNanos(newest block) - (newest sample - frame sample) / 16 kHz}, the frame was ready at
 * {@code clock}; the difference excludes the sound card's own buffering.
 *
 * <p>A bundle trained on a wav2vec 2.0 / HuBERT export has no chunk-masked encoder: its step encodes the
 * same window whole with that export (frame timing is the same), at the export's cost per hop.
 *
 * <p>Head pose live: the bundle's PoseGPT streamed by {@link LivePose} on this same thread (one code per
 * 133 ms, causal features with a rolling loudness reference), shown {@link LivePose#DELAY_FRAMES}
 * frames behind the mouth, blended towards the speaker's resting posture in silence where the idle
 * layer's sway takes over. A bundle without a pose model leaves the head to the idle layer.
 */
public final class LiveAnimator implements AutoCloseable {
    public static final int RATE = LogMel.SAMPLE_RATE;
    public static final long HOP_NANOS = 1_000_000_000L / 30;
    /** Window grid: 0.4 s = 40 mel frames = 20 encoder frames (5 chunks) = 12 animation frames. */
    static final int GRID = 6400;
    static final int GRID_FRAMES = 12;
    static final int MIN_WINDOW = 2 * GRID;
    static final int MAX_WINDOW = MIN_WINDOW + GRID;
    private static final int STATS = 1024;

    private final AnimationEngine engine;
    private final ExpressionNetwork net;
    private final RingBuffer ring;
    private final LongSupplier captureNanos;
    private final LongSupplier clock;
    private final AnimationSettings settings;
    private final FrameComposer composer;
    private final LatestFrame<LiveFrame> frames;
    private final AtomicReference<ExpressionNetwork.Speaker> pending = new AtomicReference<>();
    private final AtomicReference<float[]> pendingStyle = new AtomicReference<>();
    private ExpressionNetwork.Speaker speaker;
    private final LivePose pose;
    private final float[] neck = new float[3];

    private final float[] window = new float[MAX_WINDOW];
    private final LogMel logMel = new LogMel();
    private final float[] mel = new float[AnimationEngine.MAX_LIVE_MEL * LogMel.N_MELS];
    private final LogMel.FrameSink melSink = (i, m) -> System.arraycopy(m, 0, mel, (int) i * LogMel.N_MELS, LogMel.N_MELS);
    private final float[] ex;
    private final float[] jaw;
    /** Frames the networks make from a window of n mel frames (a pure function of n), -1 until seen. */
    private final int[] framesForMel = new int[AnimationEngine.MAX_LIVE_MEL + 1];
    private final boolean logMelPath;

    private long lastFrame = Long.MIN_VALUE;
    private volatile long steps;
    private volatile long published;
    private volatile long dropped;
    private volatile long lastLatency;
    private final long[] latencies = new long[STATS];
    private final long[] computes = new long[STATS];
    private volatile long statCount;

    private volatile boolean running;
    private Thread thread;

    /**
     * @param captureNanos capture time of the newest sample in the ring (e.g. MicrophoneCapture::lastBlockNanos)
     * @param clock        the time base of {@code captureNanos} (System::nanoTime, or a simulated clock in tests)
     */
    public LiveAnimator(AnimationEngine engine, RingBuffer ring, LongSupplier captureNanos, LongSupplier clock,
                        AnimationSettings settings, String speakerId, long seed) throws AnimateException {
        if (ring.capacity() < MAX_WINDOW) {
            throw new IllegalArgumentException("ring of " + ring.capacity() + " samples is shorter than the live window "
                    + MAX_WINDOW);
        }
        this.engine = engine;
        this.net = engine.network();
        this.logMelPath = engine.logMelEncoder();
        this.ring = ring;
        this.captureNanos = captureNanos;
        this.clock = clock;
        this.settings = settings;
        FaceModel face = engine.face();
        this.composer = new FrameComposer(face, net.channels(), seed);
        this.frames = new LatestFrame<>(() -> new LiveFrame(face.newParams()));
        int maxEnc = (AnimationEngine.MAX_LIVE_MEL - 1) / 2 + 1;
        this.ex = new float[maxEnc * ExpressionNetwork.CHANNELS];
        this.jaw = new float[maxEnc];
        java.util.Arrays.fill(framesForMel, -1);
        this.speaker = prepare(speakerId);
        // A pose model trained on a wav2vec 2.0 export's features cannot run on the causal log-mel
        // pose features: the idle layer moves the head live for such a bundle (offline runs its pose).
        this.pose = engine.pose() == null || engine.pose().usesWav2Vec2() ? null
                : new LivePose(engine.pose(), engine.speakers().poseStyle(speakerId), seed + 3);
    }

    private ExpressionNetwork.Speaker prepare(String id) throws AnimateException {
        try {
            return net.prepare(engine.speakers().adapter(id));
        } catch (ModelBundleException e) {
            throw new AnimateException(e.getMessage(), e);
        }
    }

    /** Newest frames for the render loop (consumer side: {@code acquire()}). */
    public LatestFrame<LiveFrame> frames() {
        return frames;
    }

    /**
     * Switches speaker without stalling: the adapter's tensors are prepared on the calling thread (not
     * the inference thread), then handed over by reference; the next step uses them.
     */
    public void switchSpeaker(String id) throws AnimateException {
        ExpressionNetwork.Speaker next = prepare(id);
        if (pose != null) pendingStyle.set(engine.speakers().poseStyle(id));
        ExpressionNetwork.Speaker old = pending.getAndSet(next);
        if (old != null) old.close();   // never seen by the inference thread
    }

    /** The current speaker's id (inference side's view). */
    public String speaker() {
        ExpressionNetwork.Speaker p = pending.get();
        return p != null ? p.id() : speaker.id();
    }

    /**
     * One hop on the calling (inference) thread: newest window -> frame. Returns whether a new frame
     * was published (false when no new animation frame became computable since the last step).
     */
    public boolean step() throws AnimateException {
        ExpressionNetwork.Speaker next = pending.getAndSet(null);
        if (next != null) {
            speaker.close();
            speaker = next;
        }
        float[] style = pendingStyle.getAndSet(null);
        if (style != null) pose.style(style);
        steps++;
        long t0 = clock.getAsLong();
        long end = ring.latest(MAX_WINDOW, window);
        long captured = captureNanos.getAsLong();
        if (pose != null) {
            try {
                pose.feed(window, 0, MAX_WINDOW, end);
            } catch (PoseModelException e) {
                throw new AnimateException(e.getMessage(), e);
            }
        }
        long gs = Math.floorDiv(end - MIN_WINDOW, GRID) * GRID;      // window start, absolute sample
        int off = (int) (gs - (end - MAX_WINDOW));
        int len = (int) (end - gs);
        int melFrames = (int) LogMel.frameCount(len);
        int known = framesForMel[melFrames];
        if (known > 0 && gs / GRID * GRID_FRAMES + known - 1 <= lastFrame) {
            return false;                    // this window completes no new frame: skip the networks
        }
        int m = melFrames;
        int f;
        try {
            if (logMelPath) {
                logMel.reset();
                logMel.accept(window, off, len, melSink);
                m = (int) logMel.framesProduced();
                int t = net.encodeLive(mel, m);
                f = net.decodeLive(t, speaker, ex, jaw);
            } else {
                // wav2vec 2.0 / HuBERT bundle: the same window, encoded whole (same 50 Hz frame timing)
                float[][] out = net.decode(engine.speechEncoder().encode(Arrays.copyOfRange(window, off, off + len)), speaker);
                f = out[1].length;
                System.arraycopy(out[0], 0, ex, 0, Math.min(out[0].length, ex.length));
                System.arraycopy(out[1], 0, jaw, 0, Math.min(out[1].length, jaw.length));
                f = Math.min(f, jaw.length);
            }
        } catch (SpeechEncoderException e) {
            throw new AnimateException(e.getMessage(), e);
        }
        framesForMel[m] = f;
        if (f <= 0) {
            return false;
        }
        int newest = f - 1;
        long frame = gs / GRID * GRID_FRAMES + newest;
        if (frame <= lastFrame) {
            return false;
        }
        if (lastFrame != Long.MIN_VALUE && frame > lastFrame + 1) {
            dropped += frame - lastFrame - 1;
        }
        lastFrame = frame;
        LiveFrame out = frames.back();
        float jx = jaw[newest];
        if (pose != null) pose.poseAt(frame, neck);
        composer.compose(ex, newest * ExpressionNetwork.CHANNELS, jx, pose == null ? null : neck, 0, frame / 30.0,
                OfflineAnimator.isSpeaking(ex, newest, jx), settings, out.params);
        long ready = clock.getAsLong();
        long frameSample = frame * RATE / 30;
        long latency = ready - captured + (end - frameSample) * 1_000_000_000L / RATE;
        out.frame = frame;
        out.readyNanos = ready;
        out.latencyNanos = latency;
        out.speaker = speaker.id();
        frames.publish();
        int slot = (int) (statCount % STATS);
        latencies[slot] = latency;
        computes[slot] = ready - t0;
        statCount++;
        lastLatency = latency;
        published++;
        return true;
    }

    /** Runs {@link #step()} every hop on a thread from {@code threads} until {@link #stop()}. */
    public synchronized void start(ThreadFactory threads) {
        if (running) return;
        running = true;
        thread = threads.newThread(this::loop);
        thread.start();
    }

    /**
     * The inference loop locks its phase to the audio: after a step that published a frame the next
     * step is one hop later; a step that found no new frame (the capture's 10-ms blocks had not yet
     * completed it) retries a quarter hop later instead of a whole hop, which would then find two new
     * frames and drop one. Behind, it never catches up hop by hop: the next step takes the newest window.
     */
    private void loop() {
        long next = System.nanoTime();
        while (running) {
            boolean made;
            try {
                made = step();
            } catch (AnimateException | RuntimeException e) {
                running = false;
                failure = e;
                return;
            }
            long now = System.nanoTime();
            next = made ? Math.max(next + HOP_NANOS, now + HOP_NANOS / 2) : now + HOP_NANOS / 4;
            if (next > now) {
                LockSupport.parkNanos(next - now);
            }
        }
    }

    private volatile Exception failure;

    /** Why the inference thread stopped by itself, or null. */
    public Exception failure() {
        return failure;
    }

    public boolean isRunning() {
        return running;
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Counters and latency/compute percentiles over the last 1024 frames. Allocates: call from UI/bench. */
    public record Stats(long steps, long published, long dropped, double latencyMsLast, double latencyMsP50,
                        double latencyMsP99, double computeMsP50, double computeMsP99, long poseCodes,
                        long poseRestarts, long poseMissing) {
    }

    public Stats stats() {
        int n = (int) Math.min(statCount, STATS);
        long[] l = Arrays.copyOf(latencies, n);
        long[] c = Arrays.copyOf(computes, n);
        Arrays.sort(l);
        Arrays.sort(c);
        return new Stats(steps, published, dropped, lastLatency / 1e6, pct(l, 0.5), pct(l, 0.99), pct(c, 0.5), pct(c, 0.99),
                pose == null ? 0 : pose.codes(), pose == null ? 0 : pose.restarts(), pose == null ? 0 : pose.missing());
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }

    @Override
    public void close() {
        stop();
        ExpressionNetwork.Speaker p = pending.getAndSet(null);
        if (p != null) p.close();
        speaker.close();
    }
}
