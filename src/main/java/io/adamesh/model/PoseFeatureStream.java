package io.adamesh.model;

import io.adamesh.audio.LogMel;

/**
 * The pose speech condition ({@link PoseFeatures}, 83 values per 30-fps frame) computed causally from
 * a live 16-kHz stream: audio arrives in blocks, and frame {@code f} is emitted as soon as every
 * sample it reads has arrived (the 40-ms loudness and pitch windows around its centre and the three
 * log-mel frames nearest it: about 25 ms after the frame's time). Frames are numbered from the first
 * sample of the stream, like the animation frames.
 *
 * <p>Log-mel, pitch and the voiced flag are the offline values exactly (same code, same windows; only
 * the clamping at the very start of a stream differs). Loudness uses {@link RollingLoudness} instead
 * of the whole input's peak.
 *
 * <p>When the caller skips audio (it fell behind by more than its window), {@link #restart} begins a
 * new stream at a later sample; frames before it are never emitted. Allocation-free after construction.
 */
public final class PoseFeatureStream {
    /** Receives one frame; {@code row} is reused, copy it to keep it. */
    @FunctionalInterface
    public interface Sink {
        void frame(long frame, float[] row);
    }

    private static final int SR = LogMel.SAMPLE_RATE;
    private static final int HALF = (int) (0.02 * SR);        // loudness / pitch window half-width
    private static final int HISTORY = 4096;                  // > 40 ms window + a hop of audio
    private static final int MEL_ROWS = 32;

    private final LogMel logMel = new LogMel();
    private final float[] audio = new float[HISTORY];          // audio[(s - histStart) ...] as a ring by absolute index
    private final float[] scratch = new float[2 * HALF];
    private final float[][] mel = new float[MEL_ROWS][LogMel.N_MELS];
    private final float[] row = new float[PoseFeatures.DIM];
    private final RollingLoudness loudness = new RollingLoudness(PoseFeatures.FPS);
    private final LogMel.FrameSink melSink = this::melFrame;

    private long start;         // absolute sample where this stream (re)started
    private long melBase;       // absolute mel index of the LogMel's frame 0
    private long written;       // absolute samples received
    private long melDone;       // absolute mel frames produced (one past the newest)
    private long next;          // next pose frame to emit

    public PoseFeatureStream() {
        restart(0);
    }

    /** Forgets everything and starts a new stream at absolute sample {@code sample}. */
    public void restart(long sample) {
        melBase = Math.floorDiv(sample + LogMel.HOP_LENGTH - 1, LogMel.HOP_LENGTH);
        start = melBase * LogMel.HOP_LENGTH;
        written = start;
        melDone = melBase;
        long f = (long) Math.ceil(start / (double) SR * PoseFeatures.FPS);
        next = f;
        logMel.reset();
        loudness.reset();
    }

    /** Next absolute sample this stream expects. */
    public long position() {
        return written;
    }

    /** The next frame to be emitted. */
    public long nextFrame() {
        return next;
    }

    /** The loudness normaliser's current reference peak, dB. */
    public double loudnessReference() {
        return loudness.reference();
    }

    /**
     * Feeds {@code length} samples that continue the stream at {@link #position()}; emits every frame
     * they complete.
     */
    public void accept(float[] samples, int offset, int length, Sink sink) {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int n = Math.min(end - pos, 1024);
            for (int i = 0; i < n; i++) {
                audio[(int) Math.floorMod(written + i, (long) HISTORY)] = samples[pos + i];
            }
            logMel.accept(samples, pos, n, melSink);
            written += n;
            pos += n;
            emitReady(sink);
        }
    }

    private void melFrame(long index, float[] m) {
        System.arraycopy(m, 0, mel[(int) Math.floorMod(melBase + index, (long) MEL_ROWS)], 0, LogMel.N_MELS);
        melDone = melBase + index + 1;
    }

    private void emitReady(Sink sink) {
        while (true) {
            long c = (long) Math.rint(next / PoseFeatures.FPS * SR);
            long centre = PoseFeatures.melCentre(next);
            if (c + HALF > written || centre + 1 >= melDone) {
                return;
            }
            for (int k = 0; k < LogMel.N_MELS; k++) {
                row[k] = 0f;
            }
            for (int d = -1; d <= 1; d++) {
                float[] r = mel[(int) Math.floorMod(Math.max(centre + d, melBase), (long) MEL_ROWS)];
                for (int k = 0; k < LogMel.N_MELS; k++) {
                    row[k] += r[k] / 3.0f;
                }
            }
            long a = Math.max(start, c - HALF);
            int n = (int) (c + HALF - a);
            for (int i = 0; i < n; i++) {
                scratch[i] = audio[(int) Math.floorMod(a + i, (long) HISTORY)];
            }
            row[80] = (float) loudness.normalise(PoseFeatures.rmsDb(scratch, 0, n));
            double f0 = PoseFeatures.pitch(scratch, 0, n);
            row[81] = f0 > 0 ? (float) Math.log(Math.max(f0, 1.0) / 150.0) : 0f;
            row[82] = f0 > 0 ? 1f : 0f;
            sink.frame(next, row);
            next++;
        }
    }
}
