package io.adamesh.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MoLoRA adaptation without a training runtime: loops the bundle's {@code adapt_step.onnx} (forward,
 * hand-written backward and AdamW in one graph), feeding each step's updated parameters and optimiser
 * state back in. The cached activations ({@code x}, {@code style_bias}) come from
 * {@code adapt_cache.onnx} on the reference and stay in native tensors for the whole run.
 */
public final class AdaptStepRunner {
    public static final String GRAPH = "adapt_step";

    /** Called after every step with the loss before that step's update. */
    @FunctionalInterface
    public interface Progress {
        void step(int done, int total, float loss);
    }

    /** Cached frozen activations and targets of the reference: x [N,F,D], style_bias [N,H], target [N,F,44], mask [N,F]. */
    public record Reference(FloatTensor x, FloatTensor styleBias, FloatTensor target, FloatTensor mask) {
    }

    /** Losses per step, the adapted parameters and the wall time of the loop. */
    public record Result(float[] losses, Map<String, FloatTensor> parameters, long nanos) {
    }

    private final ModelBundle bundle;
    private final List<String> names;

    public AdaptStepRunner(ModelBundle bundle) {
        this.bundle = bundle;
        this.names = bundle.loraParameterNames();
        bundle.spec(GRAPH);
    }

    /**
     * Runs {@code steps} AdamW steps from {@code initial} (usually A random, B zero, logits zero) at
     * learning rate {@code lr}; optimiser moments start at zero.
     */
    public Result run(Reference ref, Map<String, FloatTensor> initial, int steps, float lr, Progress progress)
            throws ModelBundleException {
        var env = bundle.environment();
        OrtSession session = bundle.session(GRAPH);
        Map<String, FloatTensor> params = new LinkedHashMap<>();
        Map<String, FloatTensor> m = new HashMap<>();
        Map<String, FloatTensor> v = new HashMap<>();
        for (String n : names) {
            FloatTensor p = initial.get(n);
            if (p == null) {
                throw new ModelBundleException("adaptation: initial parameters lack '" + n + "'");
            }
            params.put(n, p.copy());
            m.put(n, FloatTensor.zeros(p.shape()));
            v.put(n, FloatTensor.zeros(p.shape()));
        }
        float[] losses = new float[steps];
        float step = 0f;
        long start = System.nanoTime();
        try (OnnxTensor x = tensor(env, ref.x());
                OnnxTensor sb = tensor(env, ref.styleBias());
                OnnxTensor target = tensor(env, ref.target());
                OnnxTensor mask = tensor(env, ref.mask());
                OnnxTensor lrT = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {lr}), new long[] {1})) {
            for (int i = 0; i < steps; i++) {
                Map<String, OnnxTensor> inputs = new HashMap<>();
                try (OnnxTensor stepT = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {step}), new long[] {1})) {
                    inputs.put("x", x);
                    inputs.put("style_bias", sb);
                    inputs.put("target", target);
                    inputs.put("mask", mask);
                    inputs.put("lr", lrT);
                    inputs.put("step", stepT);
                    for (String n : names) {
                        inputs.put(n, tensor(env, params.get(n)));
                        inputs.put("m." + n, tensor(env, m.get(n)));
                        inputs.put("v." + n, tensor(env, v.get(n)));
                    }
                    try (OrtSession.Result out = session.run(inputs)) {
                        losses[i] = read(out, "loss")[0];
                        for (String n : names) {
                            params.put(n, new FloatTensor(read(out, "new." + n), params.get(n).shape()));
                            m.put(n, new FloatTensor(read(out, "new.m." + n), m.get(n).shape()));
                            v.put(n, new FloatTensor(read(out, "new.v." + n), v.get(n).shape()));
                        }
                        step = read(out, "new.step")[0];
                    }
                } finally {
                    for (var e : inputs.entrySet()) {
                        String k = e.getKey();
                        if (!k.equals("x") && !k.equals("style_bias") && !k.equals("target") && !k.equals("mask")
                                && !k.equals("lr") && !k.equals("step")) {
                            e.getValue().close();
                        }
                    }
                }
                if (progress != null) {
                    progress.step(i + 1, steps, losses[i]);
                }
            }
        } catch (OrtException e) {
            throw new ModelBundleException("adaptation step " + bundle.directory().resolve(bundle.spec(GRAPH).file())
                    + " failed: " + e.getMessage(), e);
        }
        return new Result(losses, params, System.nanoTime() - start);
    }

    static OnnxTensor tensor(ai.onnxruntime.OrtEnvironment env, FloatTensor t) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape());
    }

    static float[] read(OrtSession.Result out, String name) throws OrtException {
        OnnxTensor t = (OnnxTensor) out.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        FloatBuffer b = t.getFloatBuffer();
        float[] values = new float[b.remaining()];
        b.get(values);
        return values;
    }
}
