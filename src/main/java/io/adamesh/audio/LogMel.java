package io.adamesh.audio;

import java.util.Arrays;

/**
 * 80-bin log-mel front end at 16 kHz, the Java twin of {@code training/adamesh_training/features.py}
 * (see that file for the exact definition; both are tested against the same fixture to 1e-4).
 *
 * <p>25 ms periodic-Hann windows (400 samples) every 10 ms (160 samples), no padding: frame
 * {@code t} covers samples {@code [160t, 160t + 400)}, so {@code N} samples give
 * {@link #frameCount(long)} frames. 512-point FFT power spectrum, HTK mel filters 0..8000 Hz without
 * area normalisation, natural log of {@code max(energy, 1e-10)}.
 *
 * <p>Streaming: {@link #accept} any chunk sizes; frames are delivered to the sink as soon as their
 * window is complete, identical to whole-utterance output. One instance is used by one thread; it
 * allocates nothing after construction (the sink receives a reused array).
 */
public final class LogMel {
    public static final int SAMPLE_RATE = 16_000;
    public static final int WIN_LENGTH = 400;
    public static final int HOP_LENGTH = 160;
    public static final int N_FFT = 512;
    public static final int N_MELS = 80;
    public static final double LOG_FLOOR = 1e-10;
    private static final int BINS = N_FFT / 2 + 1;

    /** Receives one frame; {@code mel} is reused for the next frame, copy it to keep it. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(long index, float[] mel);
    }

    private static final double[] WINDOW = new double[WIN_LENGTH];
    private static final int[] FILTER_START = new int[N_MELS];
    private static final double[][] FILTER_WEIGHTS = new double[N_MELS][];
    private static final double[] COS = new double[N_FFT / 2];
    private static final double[] SIN = new double[N_FFT / 2];
    private static final int[] BIT_REVERSE = new int[N_FFT];

    static {
        for (int n = 0; n < WIN_LENGTH; n++) {
            WINDOW[n] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * n / WIN_LENGTH);
        }
        double melMax = hzToMel(SAMPLE_RATE / 2.0);
        double[] edges = new double[N_MELS + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(melMax * i / (N_MELS + 1));
        }
        for (int m = 0; m < N_MELS; m++) {
            double lo = edges[m], mid = edges[m + 1], hi = edges[m + 2];
            int first = -1;
            double[] w = new double[BINS];
            int last = -1;
            for (int k = 0; k < BINS; k++) {
                double f = k * (double) SAMPLE_RATE / N_FFT;
                double weight = Math.max(0.0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
                if (weight > 0) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                    w[k] = weight;
                }
            }
            if (first < 0) {
                first = 0;
                last = -1;
            }
            FILTER_START[m] = first;
            FILTER_WEIGHTS[m] = Arrays.copyOfRange(w, first, last + 1);
        }
        for (int k = 0; k < N_FFT / 2; k++) {
            COS[k] = Math.cos(2.0 * Math.PI * k / N_FFT);
            SIN[k] = -Math.sin(2.0 * Math.PI * k / N_FFT);
        }
        int bits = Integer.numberOfTrailingZeros(N_FFT);
        for (int i = 0; i < N_FFT; i++) {
            BIT_REVERSE[i] = Integer.reverse(i) >>> (32 - bits);
        }
    }

    private final float[] history = new float[WIN_LENGTH];
    private int filled;
    private long framesOut;
    private final double[] re = new double[N_FFT];
    private final double[] im = new double[N_FFT];
    private final double[] power = new double[BINS];
    private final float[] mel = new float[N_MELS];

    /** Frames produced by {@code numSamples} samples: 0 below 400, else {@code 1 + (N - 400) / 160}. */
    public static long frameCount(long numSamples) {
        return numSamples < WIN_LENGTH ? 0 : 1 + (numSamples - WIN_LENGTH) / HOP_LENGTH;
    }

    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    /** Feeds samples; calls {@code sink} for every frame completed by them. */
    public void accept(float[] samples, int offset, int length, FrameSink sink) {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int take = Math.min(WIN_LENGTH - filled, end - pos);
            System.arraycopy(samples, pos, history, filled, take);
            filled += take;
            pos += take;
            if (filled == WIN_LENGTH) {
                computeFrame(history, 0, mel);
                sink.frame(framesOut++, mel);
                System.arraycopy(history, HOP_LENGTH, history, 0, WIN_LENGTH - HOP_LENGTH);
                filled = WIN_LENGTH - HOP_LENGTH;
            }
        }
    }

    /** Forgets buffered samples and restarts frame numbering. */
    public void reset() {
        filled = 0;
        framesOut = 0;
    }

    /** Frames delivered since construction or {@link #reset()}. */
    public long framesProduced() {
        return framesOut;
    }

    /** Whole-utterance convenience: returns [frames][80]. Allocates the result. */
    public static float[][] compute(float[] samples) {
        float[][] out = new float[(int) frameCount(samples.length)][];
        new LogMel().accept(samples, 0, samples.length, (i, m) -> out[(int) i] = m.clone());
        return out;
    }

    /** Computes one frame from {@code WIN_LENGTH} samples starting at {@code offset} into {@code out}. */
    void computeFrame(float[] samples, int offset, float[] out) {
        for (int n = 0; n < WIN_LENGTH; n++) {
            re[BIT_REVERSE[n]] = samples[offset + n] * WINDOW[n];
        }
        for (int n = WIN_LENGTH; n < N_FFT; n++) {
            re[BIT_REVERSE[n]] = 0.0;
        }
        Arrays.fill(im, 0.0);
        fftInPlace();
        for (int k = 0; k < BINS; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
        }
        for (int m = 0; m < N_MELS; m++) {
            double[] w = FILTER_WEIGHTS[m];
            int start = FILTER_START[m];
            double e = 0.0;
            for (int j = 0; j < w.length; j++) {
                e += w[j] * power[start + j];
            }
            out[m] = (float) Math.log(Math.max(e, LOG_FLOOR));
        }
    }

    /** Iterative radix-2 FFT; input already in bit-reversed order. */
    private void fftInPlace() {
        for (int size = 2; size <= N_FFT; size <<= 1) {
            int half = size >>> 1;
            int step = N_FFT / size;
            for (int start = 0; start < N_FFT; start += size) {
                for (int j = 0; j < half; j++) {
                    double c = COS[j * step];
                    double s = SIN[j * step];
                    int a = start + j;
                    int b = a + half;
                    double tr = re[b] * c - im[b] * s;
                    double ti = re[b] * s + im[b] * c;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
