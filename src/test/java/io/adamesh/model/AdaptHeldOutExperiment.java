package io.adamesh.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Test-scope tool: adapts the default bundle to the held-out speaker of fixtures/adapt_heldout.json
 * (about 10 s of reference) through adapt_step.onnx only, prints the losses and the time, and writes
 * the adapted MoLoRA parameters so training/'s evaluation can score them
 * ({@code evaluate_expression --java-adapted FILE}).
 *
 * <pre>java -cp ... io.adamesh.model.AdaptHeldOutExperiment OUT.json [steps]</pre>
 */
public final class AdaptHeldOutExperiment {
    private AdaptHeldOutExperiment() {}

    public static void main(String[] args) throws Exception {
        JsonNode fx = BundleFixtures.read("adapt_heldout");
        Map<String, FloatTensor> in = BundleFixtures.arrays(fx.path("inputs"));
        var ref = new AdaptStepRunner.Reference(in.get("x"), in.get("style_bias"), in.get("target"), in.get("mask"));
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : fx.path("steps").asInt();
        float lr = (float) fx.path("lr").asDouble();
        try (ModelBundle bundle = ModelBundle.load(BundleFixtures.defaultBundle())) {
            AdaptStepRunner.Result r = new AdaptStepRunner(bundle).run(ref, BundleFixtures.arrays(fx.path("init")), steps, lr,
                    (done, total, loss) -> {
                        if (done % 10 == 0 || done == 1) {
                            System.out.printf("step %d/%d loss %.5f%n", done, total, loss);
                        }
                    });
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("speaker", fx.path("speaker").asText());
            ObjectNode summary = root.putObject("summary");
            summary.put("speaker", fx.path("speaker").asText());
            summary.put("reference_seconds", fx.path("seconds").asDouble());
            summary.put("steps", steps);
            summary.put("loss_first", r.losses()[0]);
            summary.put("loss_last", r.losses()[steps - 1]);
            summary.put("seconds", r.nanos() / 1e9);
            summary.put("runtime", "ONNX Runtime Java, CPU, 1 intra-op thread");
            ObjectNode lora = root.putObject("lora");
            for (var e : r.parameters().entrySet()) {
                ObjectNode a = lora.putObject(e.getKey());
                var shape = a.putArray("shape");
                for (long s : e.getValue().shape()) {
                    shape.add(s);
                }
                ByteBuffer b = ByteBuffer.allocate(e.getValue().data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(e.getValue().data());
                a.put("data", Base64.getEncoder().encodeToString(b.array()));
            }
            json.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[0]).toFile(), root);
            System.out.printf("adapted %s: loss %.5f -> %.5f in %.2f s (%d steps)%n", fx.path("speaker").asText(),
                    r.losses()[0], r.losses()[steps - 1], r.nanos() / 1e9, steps);
        }
    }
}
