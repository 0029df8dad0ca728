package io.adamesh.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The speech path of a bundle trained on a user's wav2vec 2.0 / HuBERT export (manifest
 * {@code features.type = "wav2vec2"}): the export ({@code features.file}, run by
 * {@link Wav2Vec2OnnxEncoder}) gives {@code [T, features.dimension]} hidden states at 50 Hz, and the
 * bundle's {@code encoder.onnx} (input {@code hidden} [1, T, features.dimension], output
 * {@code features} [1, T, encoder.dimension]) projects them frame by frame into the space the
 * expression decoder was trained on. Frame timing is the log-mel encoder's (frame j centred at
 * 0.02 j + 0.0125 s), so everything after the encoder is unchanged.
 */
public final class Wav2Vec2BundleEncoder implements SpeechEncoder {
    public static final String TYPE = "wav2vec2";
    public static final String INPUT = "hidden";
    private final ModelBundle bundle;
    private final Wav2Vec2OnnxEncoder speech;
    private final OrtSession projection;
    private final int dimension;

    private Wav2Vec2BundleEncoder(ModelBundle bundle, Wav2Vec2OnnxEncoder speech, int dimension) {
        this.bundle = bundle;
        this.speech = speech;
        this.projection = bundle.session("encoder");
        this.dimension = dimension;
    }

    /** Opens the bundle's wav2vec 2.0 / HuBERT graph and checks it against the manifest. */
    static Wav2Vec2BundleEncoder open(ModelBundle bundle) throws ModelBundleException {
        Path manifest = bundle.directory().resolve("manifest.json");
        JsonNode f = bundle.manifest().path("features");
        String file = f.path("file").asText("");
        if (file.isEmpty()) {
            throw new ModelBundleException(manifest + ": features.type is 'wav2vec2' but features.file (the "
                    + "wav2vec 2.0 / HuBERT ONNX export the bundle was trained on) is missing");
        }
        Wav2Vec2OnnxEncoder.Normalization normalization = switch (f.path("audio_normalisation").asText("per-input")) {
            case "per-input" -> Wav2Vec2OnnxEncoder.Normalization.PER_INPUT;
            case "none" -> Wav2Vec2OnnxEncoder.Normalization.NONE;
            default -> throw new ModelBundleException(manifest + ": features.audio_normalisation is '"
                    + f.path("audio_normalisation").asText() + "', expected 'per-input' or 'none'");
        };
        int hidden = f.path("dimension").asInt(-1);
        List<ModelBundle.TensorSpec> in = bundle.spec("encoder").inputs();
        if (in.size() != 1 || !in.get(0).name().equals(INPUT) || in.get(0).shape().length != 3
                || in.get(0).shape()[2] != hidden) {
            throw new ModelBundleException(manifest + ": a wav2vec2 bundle's encoder graph must take '" + INPUT
                    + "' [1, -1, " + hidden + "] (features.dimension), the manifest declares " + in);
        }
        Path graph = bundle.directory().resolve(file);
        Wav2Vec2OnnxEncoder speech;
        try {
            speech = Wav2Vec2OnnxEncoder.load(graph, new Wav2Vec2OnnxEncoder.Options(100, 10, 5, normalization));
        } catch (SpeechEncoderException e) {
            throw new ModelBundleException(manifest + ": features.file: " + e.getMessage(), e);
        }
        if (speech.dimension() != hidden) {
            speech.close();
            throw new ModelBundleException(manifest + ": the bundle was trained on " + hidden + "-dimensional "
                    + "features, but " + graph + " gives " + speech.dimension() + " (a different wav2vec 2.0 / HuBERT"
                    + " export than the one it was trained on)");
        }
        int dimension = bundle.manifest().path("encoder").path("dimension").asInt();
        return new Wav2Vec2BundleEncoder(bundle, speech, dimension);
    }

    /** The wav2vec 2.0 / HuBERT graph. */
    public Wav2Vec2OnnxEncoder speechEncoder() {
        return speech;
    }

    @Override
    public double frameRate() {
        return speech.frameRate();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int lookaheadFrames() {
        return speech.lookaheadFrames();
    }

    @Override
    public long frameCount(long samples) {
        return speech.frameCount(samples);
    }

    @Override
    public float[][] encode(float[] samples) throws SpeechEncoderException {
        return project(speech.encode(samples));
    }

    /** The bundle's projection of hidden states [T][features.dimension] -> [T][dimension()]. */
    public float[][] project(float[][] hidden) throws SpeechEncoderException {
        int n = hidden.length;
        float[][] out = new float[n][];
        if (n == 0) {
            return out;
        }
        int d = hidden[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(hidden[i], 0, flat, i * d, d);
        }
        try (OnnxTensor x = OnnxTensor.createTensor(bundle.environment(), java.nio.FloatBuffer.wrap(flat),
                new long[] {1, n, d});
                OrtSession.Result r = projection.run(Map.of(INPUT, x))) {
            java.nio.FloatBuffer values = ((OnnxTensor) r.get("features").orElseThrow()).getFloatBuffer();
            for (int i = 0; i < n; i++) {
                out[i] = new float[dimension];
                values.get(out[i]);
            }
            return out;
        } catch (OrtException e) {
            throw new SpeechEncoderException("Feature projection " + bundle.directory().resolve(
                    bundle.spec("encoder").file()) + " failed on " + n + " frames: " + e.getMessage(), e);
        }
    }

    @Override
    public StreamingSession openStream() {
        StreamingSession inner = speech.openStream();
        return new StreamingSession() {
            @Override
            public void accept(float[] samples, int offset, int length, FrameSink sink) throws SpeechEncoderException {
                forward(collector -> inner.accept(samples, offset, length, collector), sink);
            }

            @Override
            public void flush(FrameSink sink) throws SpeechEncoderException {
                forward(inner::flush, sink);
            }

            @Override
            public long framesEmitted() {
                return inner.framesEmitted();
            }
        };
    }

    private interface Step {
        void run(FrameSink collector) throws SpeechEncoderException;
    }

    /** Collects the hidden frames one inner call emits, projects them together, passes them on. */
    private void forward(Step step, FrameSink sink) throws SpeechEncoderException {
        List<float[]> frames = new ArrayList<>();
        long[] first = {-1};
        step.run((i, f) -> {
            if (first[0] < 0) first[0] = i;
            frames.add(f.clone());
        });
        float[][] projected = project(frames.toArray(new float[0][]));
        for (int k = 0; k < projected.length; k++) {
            sink.frame(first[0] + k, projected[k]);
        }
    }

    @Override
    public void close() {
        speech.close();   // the bundle owns the projection session
    }
}
