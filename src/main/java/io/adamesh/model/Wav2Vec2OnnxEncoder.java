package io.adamesh.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A wav2vec 2.0 / HuBERT encoder exported in the Hugging Face ONNX convention: input
 * {@code input_values} float [1, N] (16 kHz, zero-mean/unit-variance), output
 * {@code last_hidden_state} float [1, T, D], {@code T = floor((N - 400) / 320) + 1} (the standard
 * conv front end: 400-sample receptive field, 320-sample hop, 50 Hz).
 *
 * <p>Streaming runs the graph on windows of {@code leftContext + chunk + lookahead} frames and keeps
 * the chunk's frames. A transformer with full self-attention sees the whole utterance, so streamed
 * frames approximate whole-utterance frames (closer with more context); for a graph whose receptive
 * field fits in the context and look-ahead they are equal up to float rounding.
 *
 * <p>Normalisation ({@link Normalization#PER_INPUT}, the Hugging Face feature extractor's
 * {@code do_normalize}) uses the statistics of each graph input: the whole utterance in
 * {@link #encode}, each window when streaming.
 */
public final class Wav2Vec2OnnxEncoder implements SpeechEncoder {
    public static final String INPUT = "input_values";
    public static final String OUTPUT = "last_hidden_state";
    public static final int RECEPTIVE_FIELD = 400;
    public static final int HOP = 320;

    /** How input audio is normalised before the graph. */
    public enum Normalization {
        /** {@code (x - mean) / sqrt(var + 1e-7)} over each graph input. */
        PER_INPUT,
        /** The caller's samples go in unchanged. */
        NONE
    }

    /** Streaming settings, in 50 Hz frames. */
    public record Options(int leftContextFrames, int chunkFrames, int lookaheadFrames, Normalization normalization) {
        public Options {
            if (leftContextFrames < 0 || chunkFrames < 1 || lookaheadFrames < 0) {
                throw new IllegalArgumentException("bad streaming options: " + this);
            }
        }

        /** 2 s of left context, 200 ms chunks, 100 ms look-ahead, per-input normalisation. */
        public static Options defaults() {
            return new Options(100, 10, 5, Normalization.PER_INPUT);
        }
    }

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final int dimension;
    private final Options options;

    private Wav2Vec2OnnxEncoder(Path file, OrtEnvironment env, OrtSession session, int dimension, Options options) {
        this.file = file;
        this.env = env;
        this.session = session;
        this.dimension = dimension;
        this.options = options;
    }

    /** Loads and checks the graph (names, ranks, element types); CPU, one intra-op thread. */
    public static Wav2Vec2OnnxEncoder load(Path file, Options options) throws SpeechEncoderException {
        if (!Files.isRegularFile(file)) {
            throw new SpeechEncoderException("Speech encoder " + file + " does not exist");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            session = env.createSession(file.toString(), so);
            NodeInfo in = session.getInputInfo().get(INPUT);
            NodeInfo out = session.getOutputInfo().get(OUTPUT);
            if (in == null || out == null) {
                throw new SpeechEncoderException("Speech encoder " + file + " does not follow the Hugging Face convention:"
                        + " expected input '" + INPUT + "' and output '" + OUTPUT + "', found inputs "
                        + session.getInputNames() + " and outputs " + session.getOutputNames());
            }
            long[] inShape = tensorShape(file, in, 2);
            long[] outShape = tensorShape(file, out, 3);
            if (inShape[0] > 1 || outShape[2] <= 0) {
                throw new SpeechEncoderException("Speech encoder " + file + ": expected " + INPUT + " [1, N] and "
                        + OUTPUT + " [1, T, D] with a fixed D, found " + Arrays.toString(inShape) + " and "
                        + Arrays.toString(outShape));
            }
            return new Wav2Vec2OnnxEncoder(file, env, session, (int) outShape[2], options);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new SpeechEncoderException("Speech encoder " + file + " cannot be loaded: " + e.getMessage(), e);
        } catch (SpeechEncoderException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static long[] tensorShape(Path file, NodeInfo node, int rank) throws SpeechEncoderException {
        if (!(node.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT
                || t.getShape().length != rank) {
            throw new SpeechEncoderException("Speech encoder " + file + ": '" + node.getName()
                    + "' must be a float tensor of rank " + rank + ", found " + node.getInfo());
        }
        return t.getShape();
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // already failing
            }
        }
    }

    public Path file() {
        return file;
    }

    public Options options() {
        return options;
    }

    @Override
    public double frameRate() {
        return SAMPLE_RATE / (double) HOP;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int lookaheadFrames() {
        return options.lookaheadFrames();
    }

    @Override
    public long frameCount(long samples) {
        return samples < RECEPTIVE_FIELD ? 0 : (samples - RECEPTIVE_FIELD) / HOP + 1;
    }

    @Override
    public float[][] encode(float[] samples) throws SpeechEncoderException {
        int frames = (int) frameCount(samples.length);
        float[][] out = new float[frames][dimension];
        if (frames > 0) {
            run(samples, 0, samples.length, (t, f) -> System.arraycopy(f, 0, out[(int) t], 0, dimension), 0, 0, frames);
        }
        return out;
    }

    /**
     * Runs the graph on {@code samples[from, to)} and passes frames [first, first + count) of its output
     * to the sink, numbered from {@code indexBase}.
     */
    private void run(float[] samples, int from, int to, FrameSink sink, long indexBase, int first, int count)
            throws SpeechEncoderException {
        int n = to - from;
        FloatBuffer input = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        double mean = 0, var = 0;
        if (options.normalization() == Normalization.PER_INPUT) {
            for (int i = from; i < to; i++) {
                mean += samples[i];
            }
            mean /= n;
            for (int i = from; i < to; i++) {
                double d = samples[i] - mean;
                var += d * d;
            }
            var /= n;
        }
        double scale = options.normalization() == Normalization.PER_INPUT ? 1.0 / Math.sqrt(var + 1e-7) : 1.0;
        for (int i = from; i < to; i++) {
            input.put((float) ((samples[i] - mean) * scale));
        }
        input.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {1, n});
                OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
            OnnxTensor hidden = (OnnxTensor) result.get(OUTPUT).orElseThrow();
            long[] shape = hidden.getInfo().getShape();
            if (shape[1] != frameCount(n) || shape[2] != dimension) {
                throw new SpeechEncoderException("Speech encoder " + file + " returned " + Arrays.toString(shape)
                        + " for " + n + " samples; expected [1, " + frameCount(n) + ", " + dimension
                        + "] (400-sample window, 320-sample hop)");
            }
            FloatBuffer values = hidden.getFloatBuffer();
            float[] frame = new float[dimension];
            for (int t = first; t < first + count; t++) {
                values.position(t * dimension);
                values.get(frame);
                sink.frame(indexBase + t - first, frame);
            }
        } catch (OrtException e) {
            throw new SpeechEncoderException("Speech encoder " + file + " failed on " + n + " samples: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public StreamingSession openStream() {
        return new Session();
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    /** Holds audio from (next frame - left context) on; emits frames in chunks once their look-ahead arrived. */
    private final class Session implements StreamingSession {
        private float[] buffer = new float[SAMPLE_RATE * 4];
        private int length;           // valid samples in buffer
        private long bufferStart;     // absolute sample index of buffer[0]
        private long next;            // next frame to emit

        @Override
        public void accept(float[] samples, int offset, int len, FrameSink sink) throws SpeechEncoderException {
            if (length + len > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + len));
            }
            System.arraycopy(samples, offset, buffer, length, len);
            length += len;
            long total = bufferStart + length;
            // Emit when a whole chunk has its look-ahead: frame t needs samples up to (t + A) * HOP + RF.
            while (true) {
                long ready = frameCount(total) - options.lookaheadFrames();   // frames [0, ready) are ready
                if (ready - next < options.chunkFrames()) {
                    return;
                }
                emit(next + options.chunkFrames(), Math.min(frameCount(total), next + options.chunkFrames()
                        + options.lookaheadFrames()), sink);
            }
        }

        @Override
        public void flush(FrameSink sink) throws SpeechEncoderException {
            long frames = frameCount(bufferStart + length);
            while (next < frames) {
                emit(Math.min(frames, next + options.chunkFrames()), Math.min(frames,
                        next + options.chunkFrames() + options.lookaheadFrames()), sink);
            }
        }

        @Override
        public long framesEmitted() {
            return next;
        }

        /** Emits frames [next, until) computing frames [w0, windowEnd) with w0 = next - left context. */
        private void emit(long until, long windowEnd, FrameSink sink) throws SpeechEncoderException {
            long w0 = Math.max(0, next - options.leftContextFrames());
            long sampleFrom = w0 * HOP;
            long sampleTo = (windowEnd - 1) * HOP + RECEPTIVE_FIELD;
            int from = (int) (sampleFrom - bufferStart);
            int to = (int) (sampleTo - bufferStart);
            run(buffer, from, to, sink, next, (int) (next - w0), (int) (until - next));
            next = until;
            // Keep audio from the next window's first frame on.
            long keepFrom = Math.max(0, next - options.leftContextFrames()) * HOP;
            int drop = (int) Math.max(0, keepFrom - bufferStart);
            if (drop > 0) {
                System.arraycopy(buffer, drop, buffer, 0, length - drop);
                length -= drop;
                bufferStart += drop;
            }
        }
    }
}
