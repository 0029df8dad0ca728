package io.adamesh.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bundle's frozen graphs adaptation needs besides {@code adapt_step.onnx}: the style encoder
 * (a reference expression sequence -> style embedding) and {@code adapt_cache.onnx} (speech features +
 * style -> the cached 30 fps activations and style bias), plus a fresh MoLoRA initialisation.
 */
public final class AdaptationGraphs {
    /** The network predicts jaw x (rad) times this (the 44th output channel), so channels have similar ranges. */
    public static final float JAW_SCALE = 10f;
    private final ModelBundle bundle;

    public AdaptationGraphs(ModelBundle bundle) {
        this.bundle = bundle;
        bundle.spec("style_encoder");
        bundle.spec("adapt_cache");
    }

    /** Style embedding of a reference: expression [F][43] (flat, frame-major) and jaw x [F] in radians. */
    public float[] style(float[] expression, float[] jawX) throws ModelBundleException {
        int f = jawX.length;
        int c = ExpressionNetwork.CHANNELS;
        float[] jaw = new float[f * 3];
        for (int i = 0; i < f; i++) {
            jaw[i * 3] = jawX[i];
        }
        var env = bundle.environment();
        try (OnnxTensor e = OnnxTensor.createTensor(env, FloatBuffer.wrap(expression), new long[] {1, f, c});
                OnnxTensor j = OnnxTensor.createTensor(env, FloatBuffer.wrap(jaw), new long[] {1, f, 3});
                OrtSession.Result r = bundle.session("style_encoder").run(Map.of("expression", e, "jaw", j))) {
            return AdaptStepRunner.read(r, "style");
        } catch (OrtException ex) {
            throw new ModelBundleException(file("style_encoder") + " failed on " + f + " frames: " + ex.getMessage(), ex);
        }
    }

    /** Cached activations: x [1][F][D] for features [T][D] (F = 3T/5) and the style bias [1][H]. */
    public FloatTensor[] cache(float[][] features, float[] style) throws ModelBundleException {
        int t = features.length;
        int d = t == 0 ? 0 : features[0].length;
        float[] flat = new float[t * d];
        for (int i = 0; i < t; i++) {
            System.arraycopy(features[i], 0, flat, i * d, d);
        }
        var env = bundle.environment();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {1, t, d});
                OnnxTensor s = OnnxTensor.createTensor(env, FloatBuffer.wrap(style), new long[] {1, style.length});
                OrtSession.Result r = bundle.session("adapt_cache").run(Map.of("features", x, "style", s))) {
            float[] xs = AdaptStepRunner.read(r, "x");
            float[] sb = AdaptStepRunner.read(r, "style_bias");
            int h = sb.length;
            return new FloatTensor[] {new FloatTensor(xs, new long[] {1, xs.length / d, d}),
                new FloatTensor(sb, new long[] {1, h})};
        } catch (OrtException ex) {
            throw new ModelBundleException(file("adapt_cache") + " failed on " + t + " feature frames: " + ex.getMessage(), ex);
        }
    }

    /** A fresh adapter as training makes it: A ~ N(0, 1/in), B = 0, logits = 0 (an equal mixture; output unchanged). */
    public Map<String, FloatTensor> initialParameters(long seed) {
        Random rng = new Random(seed);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        List<String> names = bundle.loraParameterNames();
        var shapes = bundle.manifest().path("lora").path("parameter_shapes");
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            long[] shape = new long[shapes.path(i).size()];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = shapes.path(i).get(k).asLong();
            }
            FloatTensor t = FloatTensor.zeros(shape);
            if (n.matches(".*\\.A\\d+")) {
                double scale = 1.0 / Math.sqrt(shape[1]);
                for (int k = 0; k < t.data().length; k++) {
                    t.data()[k] = (float) (rng.nextGaussian() * scale);
                }
            }
            out.put(n, t);
        }
        return out;
    }

    private java.nio.file.Path file(String key) {
        return bundle.directory().resolve(bundle.spec(key).file());
    }
}
