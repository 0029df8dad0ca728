package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adapts to a held-out speaker's ~10 s reference (fixture exported by training/) through
 * adapt_step.onnx alone, and checks the loss falls clearly and follows the PyTorch run of the same
 * explicit step.
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
        }
    }
}
