package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adapts to a held-out speaker's ~10 s reference (fixture exported by training/) through
 * adapt_step.onnx alone, and checks the loss falls clearly and follows the PyTorch run of the same
 * explicit step; only the inp and conv1 adapters learn, conv2 and out pass through (ADR 0018).
 */
class AdaptStepRunnerTest {
    @Test
    void lossFallsClearlyOverTheReferenceAndFollowsPyTorch() throws Exception {
        JsonNode fx = BundleFixtures.read("adapt_heldout");
        Map<String, FloatTensor> in = BundleFixtures.arrays(fx.path("inputs"));
        var ref = new AdaptStepRunner.Reference(in.get("x"), in.get("style_bias"), in.get("target"), in.get("mask"));
        int steps = fx.path("steps").asInt();
        try (ModelBundle bundle = ModelBundle.load(BundleFixtures.defaultBundle())) {
            int[] calls = {0};
            AdaptStepRunner.Result r = new AdaptStepRunner(bundle).run(ref, BundleFixtures.arrays(fx.path("init")),
                    steps, (float) fx.path("lr").asDouble(), (done, total, loss) -> calls[0]++);
            assertEquals(steps, calls[0]);
            float first = r.losses()[0];
            float last = r.losses()[steps - 1];
            assertTrue(last < 0.7f * first, "loss " + first + " -> " + last);
            for (int i = 0; i < steps; i++) {
                double want = fx.path("pytorch_losses").get(i).asDouble();
                assertEquals(want, r.losses()[i], 1e-3 * want + 1e-6, "step " + i);
            }
            assertEquals(bundle.loraParameterNames().size(), r.parameters().size());
            Map<String, FloatTensor> init = BundleFixtures.arrays(fx.path("init"));
            for (String name : bundle.loraParameterNames()) {
                boolean adapted = name.startsWith("inp.") || name.startsWith("conv1.");
                float[] before = init.get(name).data();
                float[] after = r.parameters().get(name).data();
                if (adapted && name.contains(".B")) {
                    assertTrue(maxAbs(after) > 0f, name + " learns (B starts at zero)");
                } else if (!adapted) {
                    assertTrue(java.util.Arrays.equals(before, after), name + " passes through the graph unchanged");
                }
            }
        }
    }

    private static float maxAbs(float[] a) {
        float m = 0f;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void constraintDecaysBMatricesAndKeepsOtherRanksAtZero() {
        Map<String, FloatTensor> p = new java.util.LinkedHashMap<>();
        p.put("out.A2", new FloatTensor(new float[] {1, 2}, new long[] {1, 2}));
        p.put("out.B2", new FloatTensor(new float[] {1, -2}, new long[] {2, 1}));
        p.put("out.B4", new FloatTensor(new float[] {3, 4}, new long[] {2, 1}));
        p.put("out.logits", new FloatTensor(new float[] {0.5f}, new long[] {1}));
        AdaptStepRunner.Constraint.decayAndRanks(100f, java.util.Set.of(2)).apply(p, 1e-3f);
        assertEquals(0.9f, p.get("out.B2").data()[0], 1e-6f, "B of an allowed rank decays by 1 - lr x decay");
        assertEquals(-1.8f, p.get("out.B2").data()[1], 1e-6f);
        assertEquals(0f, p.get("out.B4").data()[0], "B of a rank not allowed is held at zero");
        assertEquals(0f, p.get("out.B4").data()[1]);
        assertEquals(2f, p.get("out.A2").data()[1], "A matrices are left alone");
        assertEquals(0.5f, p.get("out.logits").data()[0], "mixture logits are left alone");
        AdaptStepRunner.Constraint.decayAndRanks(0f, java.util.Set.of()).apply(p, 1e-3f);
        assertEquals(0.9f, p.get("out.B2").data()[0], 1e-6f, "no decay and all ranks change nothing");
    }
}
