package io.adamesh.audio;

/**
 * Streaming band-limited resampler: windowed-sinc polyphase filter with a Kaiser window, for any pair
 * of integer rates (the ratio is reduced to {@code up/down}).
 *
 * <p>Design: low-pass cut-off at 95% of the lower Nyquist frequency, transition band from 90% to
 * 100% of it, Kaiser window for 80 dB stop-band attenuation (filter length from Kaiser's formula).
 * Passband ripple is far below 0.01 dB.
 *
 * <p>Zero-phase alignment: output sample {@code m} is the band-limited input evaluated at time
 * {@code m / outRate} exactly; there is no delay to compensate. The price is a look-ahead of
 * {@link #lookaheadInputSamples()} input samples: outputs that need later input wait until it arrives
 * or until {@link #flush}. After flush, a stream of {@code N} input samples has produced exactly
 * {@code ceil(N * outRate / inRate)} output samples. Not thread-safe; no allocation in steady state.
 */
public final class Resampler {
    private static final double ROLLOFF = 0.95;
    private static final double TRANSITION = 0.10;
    private static final double ATTENUATION_DB = 80.0;
    private static final int MAX_PHASES = 4096;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int half;           // H: taps on each side of the centre, in input samples
    private final float[][] phases;   // [up][2H]
    private final boolean passthrough;

    private float[] buffer;           // input samples; buffer[0] is absolute input index `bufferStart`
    private int bufferLength;
    private long bufferStart;
    private long inputCount;          // real input samples received
    private long outputCount;         // outputs produced
    private boolean flushed;

    public Resampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        if (up > MAX_PHASES) {
            throw new IllegalArgumentException("resampling " + inRate + " -> " + outRate
                    + " needs " + up + " filter phases (max " + MAX_PHASES + ")");
        }
        this.passthrough = up == 1 && down == 1;
        double scale = Math.min(1.0, (double) up / down);     // lower Nyquist, relative to input Nyquist
        double cutoff = 0.5 * scale * ROLLOFF;                // cycles per input sample
        double deltaOmega = 2 * Math.PI * 0.5 * scale * TRANSITION;
        int taps = (int) Math.ceil((ATTENUATION_DB - 8.0) / (2.285 * deltaOmega));
        this.half = passthrough ? 0 : Math.max(2, (taps + 1) / 2);
        double beta = 0.1102 * (ATTENUATION_DB - 8.7);
        double i0Beta = besselI0(beta);
        this.phases = new float[up][2 * half];
        for (int p = 0; p < up && !passthrough; p++) {
            for (int k = 0; k < 2 * half; k++) {
                // tap k multiplies input j = n - H + 1 + k; distance t = (m*down/up) - j = p/up + (H - 1 - k)
                double t = (double) p / up + (half - 1 - k);
                double r = t / half;
                double window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                phases[p][k] = (float) (2 * cutoff * sinc(2 * cutoff * t) * window);
            }
        }
        this.buffer = new float[4096 + 2 * half];
        reset();
    }

    /** Forgets all input and restarts the stream. */
    public void reset() {
        // `half` virtual zeros before input 0, so outputs near the start see silence before it.
        java.util.Arrays.fill(buffer, 0f);
        bufferLength = half;
        bufferStart = -half;
        inputCount = 0;
        outputCount = 0;
        flushed = false;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Input samples an output waits for beyond its own time: the algorithmic latency. */
    public int lookaheadInputSamples() {
        return half;
    }

    /** Upper bound on outputs from {@link #process} with {@code inputLength} samples, or from flush. */
    public int maxOutput(int inputLength) {
        return (int) (((long) inputLength + half + 2) * up / down) + 2;
    }

    /** Total outputs a stream of {@code inputSamples} yields after flush: {@code ceil(N * out / in)}. */
    public long outputLength(long inputSamples) {
        return (inputSamples * up + down - 1) / down;
    }

    /**
     * Feeds {@code length} samples; writes the outputs that became computable into {@code out}
     * from {@code outOffset} (capacity {@link #maxOutput(int)}) and returns how many.
     */
    public int process(float[] in, int offset, int length, float[] out, int outOffset) {
        if (flushed) {
            throw new IllegalStateException("resampler was flushed; call reset() first");
        }
        if (passthrough) {
            System.arraycopy(in, offset, out, outOffset, length);
            inputCount += length;
            outputCount += length;
            return length;
        }
        ensureCapacity(length);
        System.arraycopy(in, offset, buffer, bufferLength, length);
        bufferLength += length;
        inputCount += length;
        return produce(out, outOffset, bufferStart + bufferLength - 1, Long.MAX_VALUE);
    }

    /** Ends the stream: treats the future as silence and writes the remaining outputs. */
    public int flush(float[] out, int outOffset) {
        if (flushed) {
            return 0;
        }
        flushed = true;
        if (passthrough) {
            return 0;
        }
        ensureCapacity(half);
        java.util.Arrays.fill(buffer, bufferLength, bufferLength + half, 0f);
        bufferLength += half;
        return produce(out, outOffset, bufferStart + bufferLength - 1, outputLength(inputCount));
    }

    private int produce(float[] out, int outOffset, long lastAvailable, long outputLimit) {
        int written = 0;
        final int taps = 2 * half;
        while (outputCount < outputLimit) {
            long pos = outputCount * down;
            long n = pos / up;
            if (n + half > lastAvailable) {
                break;
            }
            int phase = (int) (pos - n * up);
            float[] h = phases[phase];
            int base = (int) (n - half + 1 - bufferStart);
            float acc = 0f;
            for (int k = 0; k < taps; k++) {
                acc += h[k] * buffer[base + k];
            }
            out[outOffset + written++] = acc;
            outputCount++;
        }
        // Drop input no future output can reach: next output needs index >= n_next - H + 1.
        long nextNeeded = (outputCount * down) / up - half + 1;
        int drop = (int) Math.max(0, Math.min(bufferLength, nextNeeded - bufferStart));
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, bufferLength - drop);
            bufferLength -= drop;
            bufferStart += drop;
        }
        return written;
    }

    private void ensureCapacity(int extra) {
        if (bufferLength + extra > buffer.length) {
            float[] bigger = new float[Math.max(buffer.length * 2, bufferLength + extra)];
            System.arraycopy(buffer, 0, bigger, 0, bufferLength);
            buffer = bigger;
        }
    }

    /** One-shot convenience: resamples a whole signal. */
    public static float[] resample(float[] in, int inRate, int outRate) {
        Resampler r = new Resampler(inRate, outRate);
        float[] out = new float[r.maxOutput(in.length) + r.maxOutput(0)];
        int n = r.process(in, 0, in.length, out, 0);
        n += r.flush(out, n);
        return java.util.Arrays.copyOf(out, n);
    }

    private static double sinc(double x) {
        return x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double besselI0(double x) {
        double sum = 1.0, term = 1.0, q = x * x / 4.0;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
