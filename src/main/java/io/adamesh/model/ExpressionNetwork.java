package io.adamesh.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.adamesh.audio.LogMel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle's speech -> face path as the animation engine uses it: {@code encoder.onnx} on a log-mel
 * window (quality: full context, live: 4-frame chunk mask) and {@code expression.onnx} with a speaker's
 * MoLoRA parameters fed as graph inputs.
 *
 * <p>A {@link Speaker} holds the speaker's style and LoRA tensors already in native memory: prepare it on
 * any thread, then hand the reference to the inference thread (switching costs no session rebuild).
 * Preparing checks every LoRA name and shape against what {@code expression.onnx} really takes, because
 * a misnamed input would otherwise fail only at run time.
 *
 * <p>The live calls ({@link #encodeLive}, {@link #decode(FloatBuffer, int, Speaker, float[], float[])})
 * reuse direct buffers owned by this object: one inference thread per instance.
 */
public final class ExpressionNetwork implements AutoCloseable {
    public static final int CHANNELS = 43;
    private final ModelBundle bundle;
    private final OrtEnvironment env;
    private final OrtSession encoder;
    private final OrtSession expression;
    private final int dimension;
    private final int styleDim;
    private final Map<String, long[]> loraShapes = new HashMap<>();
    private final FloatBuffer melIn;
    private final FloatBuffer featIn;
    private final int maxMel;
    private final OnnxTensor chunkLive;
    private final Map<String, OnnxTensor> inputs = new HashMap<>();

    /** @param maxLiveMelFrames the longest mel window {@link #encodeLive} will be given */
    public ExpressionNetwork(ModelBundle bundle, int maxLiveMelFrames) throws ModelBundleException {
        this.bundle = bundle;
        this.env = bundle.environment();
        this.encoder = bundle.session("encoder");
        this.expression = bundle.session("expression");
        this.dimension = bundle.manifest().path("encoder").path("dimension").asInt();
        this.styleDim = bundle.manifest().path("style").path("dimension").asInt();
        this.maxMel = maxLiveMelFrames;
        try {
            Map<String, NodeInfo> info = expression.getInputInfo();
            for (String name : bundle.loraParameterNames()) {
                NodeInfo node = info.get(name);
                if (node == null || !(node.getInfo() instanceof TensorInfo t)) {
                    throw new ModelBundleException("Graph " + bundle.directory().resolve(bundle.spec("expression").file())
                            + " takes no LoRA input '" + name + "' (manifest.json lora.parameter_names lists it)");
                }
                loraShapes.put(name, t.getShape());
            }
            chunkLive = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {BundleSpeechEncoder.CHUNK}), new long[] {1});
        } catch (OrtException e) {
            throw new ModelBundleException("expression.onnx: " + e.getMessage(), e);
        }
        melIn = direct(Math.max(1, maxLiveMelFrames) * LogMel.N_MELS);
        featIn = direct(Math.max(1, BundleSpeechEncoder.framesOfMel(maxLiveMelFrames)) * dimension);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public int dimension() {
        return dimension;
    }

    /** A speaker's tensors in native memory, ready to feed. Close when no inference thread can use it. */
    public final class Speaker implements AutoCloseable {
        private final String id;
        private final Map<String, OnnxTensor> tensors;

        private Speaker(String id, Map<String, OnnxTensor> tensors) {
            this.id = id;
            this.tensors = tensors;
        }

        public String id() {
            return id;
        }

        @Override
        public void close() {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /** Prepares a speaker (any thread); checks names and shapes against the graph. */
    public Speaker prepare(SpeakerAdapter adapter) throws ModelBundleException {
        Map<String, OnnxTensor> t = new HashMap<>();
        try {
            if (adapter.style().data().length != styleDim) {
                throw new ModelBundleException("Speaker '" + adapter.id() + "': style has " + adapter.style().data().length
                        + " values, the bundle's style dimension is " + styleDim);
            }
            t.put("style", OnnxTensor.createTensor(env, FloatBuffer.wrap(adapter.style().data()), new long[] {1, styleDim}));
            for (Map.Entry<String, long[]> e : loraShapes.entrySet()) {
                FloatTensor v = adapter.lora().get(e.getKey());
                if (v == null) {
                    throw new ModelBundleException("Speaker '" + adapter.id() + "' lacks LoRA parameter '" + e.getKey() + "'");
                }
                if (!Arrays.equals(v.shape(), e.getValue())) {
                    throw new ModelBundleException("Speaker '" + adapter.id() + "': LoRA '" + e.getKey() + "' has shape "
                            + Arrays.toString(v.shape()) + ", expression.onnx takes " + Arrays.toString(e.getValue()));
                }
                t.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(v.data()), v.shape()));
            }
        } catch (OrtException e) {
            t.values().forEach(OnnxTensor::close);
            throw new ModelBundleException("Speaker '" + adapter.id() + "': " + e.getMessage(), e);
        } catch (ModelBundleException e) {
            t.values().forEach(OnnxTensor::close);
            throw e;
        }
        return new Speaker(adapter.id(), t);
    }

    /** Animation frames (30 fps) the decoder makes of {@code encoderFrames} 50-Hz features: (3 T) / 5. */
    public static int animationFrames(int encoderFrames) {
        return encoderFrames * 3 / 5;
    }

    /**
     * Quality mode, whole utterance: features [T][dim] -> expression [F][43] and jaw x [F] (rad) into
     * the returned arrays {@code {expression, jaw}} (flat, frame-major).
     */
    public float[][] decode(float[][] features, Speaker speaker) throws SpeechEncoderException {
        int n = features.length;
        float[] flat = new float[n * dimension];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features[i], 0, flat, i * dimension, dimension);
        }
        int f = animationFrames(n);
        float[] ex = new float[f * CHANNELS];
        float[] jaw = new float[f];
        if (f > 0) {
            run(FloatBuffer.wrap(flat), n, speaker, ex, jaw);
        }
        return new float[][] {ex, jaw};
    }

    /**
     * Live: runs the encoder with the live chunk mask on {@code melFrames} log-mel frames held flat in
     * {@code mel}; the features stay in this object's buffer for {@link #decodeLive}. Returns T.
     */
    public int encodeLive(float[] mel, int melFrames) throws SpeechEncoderException {
        if (!SpeechEncoders.isLogMel(bundle)) {
            throw new SpeechEncoderException("Bundle " + bundle.directory() + " runs on " + SpeechEncoders.featureType(bundle)
                    + " features: its encoder takes no log-mel (use SpeechEncoders.open)");
        }
        if (melFrames > maxMel) {
            throw new IllegalArgumentException(melFrames + " mel frames exceed the prepared " + maxMel);
        }
        melIn.clear();
        melIn.put(mel, 0, melFrames * LogMel.N_MELS);
        melIn.flip();
        try (OnnxTensor x = OnnxTensor.createTensor(env, melIn, new long[] {1, melFrames, LogMel.N_MELS});
                OrtSession.Result r = encoder.run(Map.of("mel", x, "chunk_frames", chunkLive))) {
            FloatBuffer out = ((OnnxTensor) r.get("features").orElseThrow()).getFloatBuffer();
            int t = out.remaining() / dimension;
            featIn.clear();
            featIn.put(out);
            featIn.flip();
            return t;
        } catch (OrtException e) {
            throw new SpeechEncoderException("Speech encoder (live) failed on " + melFrames + " log-mel frames: "
                    + e.getMessage(), e);
        }
    }

    /** Live: decodes the features of the last {@link #encodeLive}; returns F, outputs into the arrays. */
    public int decodeLive(int encoderFrames, Speaker speaker, float[] expressionOut, float[] jawOut)
            throws SpeechEncoderException {
        featIn.position(0).limit(encoderFrames * dimension);
        return run(featIn, encoderFrames, speaker, expressionOut, jawOut);
    }

    private int run(FloatBuffer features, int n, Speaker speaker, float[] ex, float[] jaw) throws SpeechEncoderException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, features, new long[] {1, n, dimension})) {
            inputs.clear();
            inputs.putAll(speaker.tensors);
            inputs.put("features", x);
            try (OrtSession.Result r = expression.run(inputs)) {
                FloatBuffer e = ((OnnxTensor) r.get("expression").orElseThrow()).getFloatBuffer();
                FloatBuffer j = ((OnnxTensor) r.get("jaw").orElseThrow()).getFloatBuffer();
                int f = e.remaining() / CHANNELS;
                int keep = Math.min(f, Math.min(ex.length / CHANNELS, jaw.length));
                e.get(ex, 0, keep * CHANNELS);
                for (int i = 0; i < keep; i++) {
                    jaw[i] = j.get(i * 3);
                }
                return f;
            } finally {
                inputs.clear();
            }
        } catch (OrtException e) {
            throw new SpeechEncoderException("Expression network " + bundle.directory().resolve("expression.onnx")
                    + " failed on " + n + " feature frames: " + e.getMessage(), e);
        }
    }

    /** The bundle's channel names in output order. */
    public List<String> channels() {
        return bundle.channels();
    }

    @Override
    public void close() {
        chunkLive.close();
    }
}
