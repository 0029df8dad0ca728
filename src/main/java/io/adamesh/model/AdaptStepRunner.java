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
 * The graph updates the adapters of the decoder's first two layers ({@code inp}, {@code conv1}); the
 * {@code conv2} and {@code out} tensors and their optimiser state come back unchanged (ADR 0018: from
 * 10 s of reference the later layers only overfit).
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
        startState(initial, params, m, v);
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

    /** Learning rate per step (0-based). */
    @FunctionalInterface
    public interface Schedule {
        float lr(int step);

        static Schedule constant(float lr) {
            return step -> lr;
        }

        /** Linear warm-up over {@code warmup} steps, then a cosine decay to {@code floor * lr} at {@code total}. */
        static Schedule warmupCosine(float lr, int warmup, int total, float floor) {
            return step -> {
                if (step < warmup) {
                    return lr * (step + 1) / warmup;
                }
                double t = Math.min(1.0, (step - warmup) / (double) Math.max(1, total - warmup));
                return (float) (lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * t))));
            };
        }
    }

    /** Told after every step; returning false stops the loop (cancel). */
    @FunctionalInterface
    public interface Monitor {
        boolean step(int step, float trainLoss, float heldOutLoss);
    }

    /**
     * How an early-stopped run ended: the loss of the held-back part before any step and at the best
     * step, the best step (0 = the initial parameters), the steps run, every training loss, the held-back
     * loss per step (NaN where not evaluated), the parameters of the best step, and whether it was stopped
     * by the monitor.
     */
    public record EarlyStopped(float heldOutBefore, float heldOutBest, int bestStep, int stepsRun, float[] trainLosses,
                               float[] heldOutLosses, Map<String, FloatTensor> best, boolean stopped, long nanos,
                               double scoreBefore, double scoreBest) {
    }

    /** Judges parameters on the held-back part (lower is better), e.g. an error in the observation's own space. */
    @FunctionalInterface
    public interface Scorer {
        double score(Map<String, FloatTensor> params) throws ModelBundleException;
    }

    /**
     * Adapts on {@code train} and scores {@code heldOut} (same graph, learning rate 0, so the loss has the
     * same definition) every {@code evalEvery} steps; keeps the parameters of the best held-back loss and
     * stops after {@code patience} evaluations without a gain of at least 0.5 %, or at {@code maxSteps}.
     */
    public EarlyStopped runEarlyStopping(Reference train, Reference heldOut, Map<String, FloatTensor> initial,
                                         int maxSteps, Schedule schedule, int evalEvery, int patience,
                                         Monitor monitor) throws ModelBundleException {
        return runEarlyStopping(train, heldOut, initial, maxSteps, schedule, evalEvery, patience, null, monitor);
    }

    /**
     * As above, but the best step is the one {@code scorer} rates lowest (the held-back graph loss is still
     * computed and reported); null scores by the held-back graph loss.
     */
    public EarlyStopped runEarlyStopping(Reference train, Reference heldOut, Map<String, FloatTensor> initial,
                                         int maxSteps, Schedule schedule, int evalEvery, int patience, Scorer scorer,
                                         Monitor monitor) throws ModelBundleException {
        return runEarlyStopping(train, heldOut, initial, maxSteps, schedule, evalEvery, patience, scorer, null, monitor);
    }

    /** Changes the parameters in place after every training step (e.g. a decay or a frozen branch). */
    @FunctionalInterface
    public interface Constraint {
        void apply(Map<String, FloatTensor> params, float lr);

        /**
         * Multiplies every LoRA B matrix by {@code 1 - lr * decay} (a pull of the adapter's output towards
         * zero, on top of the graph's AdamW decay) and keeps the B matrices whose rank is not in
         * {@code ranks} (e.g. {@code {2}}) at zero; null or empty {@code ranks} keeps all branches.
         */
        static Constraint decayAndRanks(float decay, java.util.Set<Integer> ranks) {
            return (params, lr) -> params.forEach((n, t) -> {
                var mt = java.util.regex.Pattern.compile(".*\\.B(\\d+)").matcher(n);
                if (!mt.matches()) {
                    return;
                }
                float[] d = t.data();
                float f = ranks != null && !ranks.isEmpty() && !ranks.contains(Integer.parseInt(mt.group(1)))
                        ? 0f : 1f - lr * decay;
                if (f != 1f) {
                    for (int i = 0; i < d.length; i++) {
                        d[i] *= f;
                    }
                }
            });
        }
    }

    /** As above, with {@code constraint} (may be null) applied after every training step. */
    public EarlyStopped runEarlyStopping(Reference train, Reference heldOut, Map<String, FloatTensor> initial,
                                         int maxSteps, Schedule schedule, int evalEvery, int patience, Scorer scorer,
                                         Constraint constraint, Monitor monitor) throws ModelBundleException {
        var env = bundle.environment();
        OrtSession session = bundle.session(GRAPH);
        Map<String, FloatTensor> params = new LinkedHashMap<>();
        Map<String, FloatTensor> m = new HashMap<>();
        Map<String, FloatTensor> v = new HashMap<>();
        startState(initial, params, m, v);
        float[] trainLosses = new float[maxSteps];
        float[] heldLosses = new float[maxSteps];
        java.util.Arrays.fill(heldLosses, Float.NaN);
        long start = System.nanoTime();
        try (OnnxTensor tx = tensor(env, train.x()); OnnxTensor tsb = tensor(env, train.styleBias());
                OnnxTensor tt = tensor(env, train.target()); OnnxTensor tm = tensor(env, train.mask());
                OnnxTensor hx = tensor(env, heldOut.x()); OnnxTensor hsb = tensor(env, heldOut.styleBias());
                OnnxTensor ht = tensor(env, heldOut.target()); OnnxTensor hm = tensor(env, heldOut.mask())) {
            OnnxTensor[] trainIn = {tx, tsb, tt, tm};
            OnnxTensor[] heldIn = {hx, hsb, ht, hm};
            float before = step(session, env, heldIn, params, m, v, 0f, 0f, null);
            double scoreBefore = scorer == null ? before : scorer.score(params);
            double best = scoreBefore;
            float bestLoss = before;
            int bestStep = 0;
            Map<String, FloatTensor> bestParams = copy(params);
            int sinceBest = 0;
            int run = 0;
            boolean stopped = false;
            float[] stepCount = {0f};
            for (int i = 0; i < maxSteps; i++) {
                trainLosses[i] = step(session, env, trainIn, params, m, v, schedule.lr(i), stepCount[0], stepCount);
                if (constraint != null) {
                    constraint.apply(params, schedule.lr(i));
                }
                run = i + 1;
                float held = Float.NaN;
                if (run % evalEvery == 0 || run == maxSteps) {
                    held = step(session, env, heldIn, params, m, v, 0f, 0f, null);
                    heldLosses[i] = held;
                    double score = scorer == null ? held : scorer.score(params);
                    if (score < best * 0.995) {
                        sinceBest = 0;
                    } else {
                        sinceBest++;
                    }
                    if (score < best) {
                        best = score;
                        bestLoss = held;
                        bestStep = run;
                        bestParams = copy(params);
                    }
                }
                if (monitor != null && !monitor.step(run, trainLosses[i], held)) {
                    stopped = true;
                    break;
                }
                if (sinceBest >= patience) {
                    break;
                }
            }
            return new EarlyStopped(before, bestLoss, bestStep, run, java.util.Arrays.copyOf(trainLosses, run),
                    java.util.Arrays.copyOf(heldLosses, run), bestParams, stopped, System.nanoTime() - start,
                    scoreBefore, best);
        } catch (OrtException e) {
            throw new ModelBundleException("adaptation step " + bundle.directory().resolve(bundle.spec(GRAPH).file())
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, FloatTensor> copy(Map<String, FloatTensor> p) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        p.forEach((k, t) -> out.put(k, t.copy()));
        return out;
    }

    /**
     * One graph call. With {@code counter} null the parameters and moments are left as they were (a pure
     * loss evaluation); otherwise they are replaced by the step's outputs and counter[0] by the new step.
     */
    private float step(OrtSession session, ai.onnxruntime.OrtEnvironment env, OnnxTensor[] data,
                       Map<String, FloatTensor> params, Map<String, FloatTensor> m, Map<String, FloatTensor> v,
                       float lr, float stepValue, float[] counter) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        java.util.List<OnnxTensor> owned = new java.util.ArrayList<>();
        try {
            inputs.put("x", data[0]);
            inputs.put("style_bias", data[1]);
            inputs.put("target", data[2]);
            inputs.put("mask", data[3]);
            OnnxTensor lrT = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {lr}), new long[] {1});
            owned.add(lrT);
            inputs.put("lr", lrT);
            OnnxTensor stepT = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {stepValue}), new long[] {1});
            owned.add(stepT);
            inputs.put("step", stepT);
            for (String n : names) {
                for (String prefix : new String[] {"", "m.", "v."}) {
                    FloatTensor t = prefix.isEmpty() ? params.get(n) : prefix.equals("m.") ? m.get(n) : v.get(n);
                    OnnxTensor o = tensor(env, t);
                    owned.add(o);
                    inputs.put(prefix + n, o);
                }
            }
            try (OrtSession.Result out = session.run(inputs)) {
                float loss = read(out, "loss")[0];
                if (counter != null) {
                    for (String n : names) {
                        params.put(n, new FloatTensor(read(out, "new." + n), params.get(n).shape()));
                        m.put(n, new FloatTensor(read(out, "new.m." + n), m.get(n).shape()));
                        v.put(n, new FloatTensor(read(out, "new.v." + n), v.get(n).shape()));
                    }
                    counter[0] = read(out, "new.step")[0];
                }
                return loss;
            }
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    /** Copies the initial parameters (all of the graph's, or a named error) and zeroes AdamW's moments. */
    private void startState(Map<String, FloatTensor> initial, Map<String, FloatTensor> params,
                            Map<String, FloatTensor> m, Map<String, FloatTensor> v) throws ModelBundleException {
        for (String n : names) {
            FloatTensor p = initial.get(n);
            if (p == null) {
                throw new ModelBundleException("adaptation: initial parameters lack '" + n + "'");
            }
            params.put(n, p.copy());
            m.put(n, FloatTensor.zeros(p.shape()));
            v.put(n, FloatTensor.zeros(p.shape()));
        }
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
