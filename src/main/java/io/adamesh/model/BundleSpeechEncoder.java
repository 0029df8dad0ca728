package io.adamesh.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.adamesh.audio.LogMel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * The bundle's own speech encoder ({@code encoder.onnx}): 80-bin log-mel (io.adamesh.audio.LogMel) ->
 * 50 Hz features. {@link #encode} is the *quality* mode (full context). Streaming is the *live* mode:
 * chunks of {@link #CHUNK} encoder frames with the graph's chunk attention mask; a chunk is emitted
 * once the 2 log-mel frames after it have arrived, computed on a window of up to
 * {@code leftContextChunks} earlier chunks (window starts stay on the chunk grid, so the mask inside
 * the window is the one used in training).
 */
public final class BundleSpeechEncoder implements SpeechEncoder {
    public static final int CHUNK = 4;
    private final ModelBundle bundle;
    private final OrtSession session;
    private final int dimension;
    private final int leftContextChunks;

    public BundleSpeechEncoder(ModelBundle bundle, int leftContextChunks) {
        this.bundle = bundle;
        this.session = bundle.session("encoder");
        this.dimension = bundle.manifest().path("encoder").path("dimension").asInt();
        this.leftContextChunks = leftContextChunks;
    }

    /** 2 s of left context. */
    public BundleSpeechEncoder(ModelBundle bundle) {
        this(bundle, 25);
    }

    @Override
    public double frameRate() {
        return 50.0;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int lookaheadFrames() {
        return CHUNK;   // <= 3 frames inside the chunk + 2 log-mel frames (20 ms), rounded up
    }

    @Override
    public long frameCount(long samples) {
        long mel = LogMel.frameCount(samples);
        return mel == 0 ? 0 : (mel - 1) / 2 + 1;
    }

    /** Encoder frames of {@code melFrames} log-mel frames. */
    static int framesOfMel(int melFrames) {
        return melFrames == 0 ? 0 : (melFrames - 1) / 2 + 1;
    }

    @Override
    public float[][] encode(float[] samples) throws SpeechEncoderException {
        float[][] mel = LogMel.compute(samples);
        float[][] out = new float[framesOfMel(mel.length)][];
        if (mel.length > 0) {
            run(mel, 0, mel.length, 0, (i, f) -> out[(int) i] = f.clone(), 0, out.length);
        }
        return out;
    }

    /** Runs the graph on mel[from, to) and passes output frames [first, first + count), numbered from base. */
    private void run(float[][] mel, int from, int to, long chunk, FrameSink sink, int first, int count)
            throws SpeechEncoderException {
        int m = to - from;
        float[] flat = new float[m * LogMel.N_MELS];
        for (int i = 0; i < m; i++) {
            System.arraycopy(mel[from + i], 0, flat, i * LogMel.N_MELS, LogMel.N_MELS);
        }
        var env = bundle.environment();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {1, m, LogMel.N_MELS});
                OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {chunk}), new long[] {1});
                OrtSession.Result r = session.run(Map.of("mel", x, "chunk_frames", c))) {
            FloatBuffer values = ((OnnxTensor) r.get("features").orElseThrow()).getFloatBuffer();
            float[] frame = new float[dimension];
            for (int t = first; t < first + count; t++) {
                values.position(t * dimension);
                values.get(frame);
                sink.frame(from / 2 + t, frame);
            }
        } catch (OrtException e) {
            throw new SpeechEncoderException("Speech encoder " + bundle.directory().resolve("encoder.onnx")
                    + " failed on " + m + " log-mel frames: " + e.getMessage(), e);
        }
    }

    @Override
    public StreamingSession openStream() {
        return new Live();
    }

    @Override
    public void close() {
        // the bundle owns the session
    }

    private final class Live implements StreamingSession {
        private final LogMel logMel = new LogMel();
        private final ArrayDeque<float[]> mel = new ArrayDeque<>();
        private long melStart;        // absolute index of mel.peekFirst()
        private long next;            // next encoder frame to emit (a multiple of CHUNK until flush)
        private SpeechEncoderException failure;

        @Override
        public void accept(float[] samples, int offset, int length, FrameSink sink) throws SpeechEncoderException {
            logMel.accept(samples, offset, length, (i, m) -> mel.addLast(m.clone()));
            // chunk [next, next + CHUNK) needs log-mel frames up to 2 (next + CHUNK - 1) + 2
            while (melStart + mel.size() >= 2 * (next + CHUNK) + 1) {
                emit(next + CHUNK, 2 * (next + CHUNK) + 1, sink);
            }
        }

        @Override
        public void flush(FrameSink sink) throws SpeechEncoderException {
            long total = melStart + mel.size();
            long frames = total == 0 ? 0 : (total - 1) / 2 + 1;
            if (next < frames) {
                emit(frames, total, sink);
            }
        }

        @Override
        public long framesEmitted() {
            return next;
        }

        private void emit(long until, long melEnd, FrameSink sink) throws SpeechEncoderException {
            long w0 = Math.max(0, next - (long) leftContextChunks * CHUNK);     // on the chunk grid
            while (melStart < 2 * w0) {
                mel.pollFirst();
                melStart++;
            }
            float[][] window = mel.toArray(new float[0][]);
            int to = (int) (melEnd - melStart);
            long base = next;
            run(window, 0, to, CHUNK, (i, f) -> sink.frame(i + w0, f), (int) (base - w0), (int) (until - base));
            next = until;
        }
    }
}
