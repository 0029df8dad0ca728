package io.adamesh.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Test-scope tool: network time per second of audio on one core (ONNX Runtime, CPU, 1 intra-op
 * thread), log-mel front end excluded.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat cp.txt) io.adamesh.model.ExpressionBench [models/default]</pre>
 *
 * Quality: the encoder on a whole 10 s utterance, then the expression graph. Live: every 80 ms (one
 * 4-frame chunk) the encoder runs on a window of 2 s of left context + the new chunk + 20 ms of
 * front-end look-ahead, and the expression graph on the last 0.5 s of features.
 */
public final class ExpressionBench {
    private ExpressionBench() {}

    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args.length > 0 ? args[0] : "models/default");
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            OrtEnvironment env = bundle.environment();
            int d = bundle.manifest().path("encoder").path("dimension").asInt();
            int s = bundle.manifest().path("style").path("dimension").asInt();
            SpeakerAdapter speaker = bundle.speakers().get(0);
            Random rnd = new Random(1);
            double quality = 0;
            double live = 0;
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                float[][] feats = encode(bundle, env, randomMel(rnd, 1000), 0, d);
                decode(bundle, env, feats, speaker);
                double q = (System.nanoTime() - t0) / 1e9 / 10.0;
                long t1 = System.nanoTime();
                for (int w = 0; w < 25; w++) {                         // 25 chunks of 80 ms = 2 s of audio
                    float[][] f = encode(bundle, env, randomMel(rnd, 210), 4, d);
                    float[][] tail = new float[25][];
                    System.arraycopy(f, f.length - 25, tail, 0, 25);
                    decode(bundle, env, tail, speaker);
                }
                double l = (System.nanoTime() - t1) / 1e9 / 2.0;
                if (rep > 0) {                                         // first round warms up
                    quality += q / 3;
                    live += l / 3;
                }
            }
            System.out.printf("quality: %.1f ms per second of audio%nlive: %.1f ms per second of audio (12.5 windows)%n",
                    quality * 1000, live * 1000);
            if (s <= 0) {
                throw new IllegalStateException("bad style dimension");
            }
        }
    }

    static float[] randomMel(Random rnd, int frames) {
        float[] mel = new float[frames * 80];
        for (int i = 0; i < mel.length; i++) {
            mel[i] = (float) (rnd.nextGaussian() * 3 - 5);
        }
        return mel;
    }

    static float[][] encode(ModelBundle bundle, OrtEnvironment env, float[] mel, long chunk, int d) throws Exception {
        int frames = mel.length / 80;
        try (OnnxTensor m = OnnxTensor.createTensor(env, FloatBuffer.wrap(mel), new long[] {1, frames, 80});
                OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {chunk}), new long[] {1});
                OrtSession.Result r = bundle.session("encoder").run(Map.of("mel", m, "chunk_frames", c))) {
            float[] flat = AdaptStepRunner.read(r, "features");
            float[][] out = new float[flat.length / d][d];
            for (int t = 0; t < out.length; t++) {
                System.arraycopy(flat, t * d, out[t], 0, d);
            }
            return out;
        }
    }

    static float[] decode(ModelBundle bundle, OrtEnvironment env, float[][] feats, SpeakerAdapter speaker) throws Exception {
        int d = feats[0].length;
        float[] flat = new float[feats.length * d];
        for (int t = 0; t < feats.length; t++) {
            System.arraycopy(feats[t], 0, flat, t * d, d);
        }
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("features", OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {1, feats.length, d}));
            in.put("style", OnnxTensor.createTensor(env, FloatBuffer.wrap(speaker.style().data()),
                    new long[] {1, speaker.style().data().length}));
            for (var e : speaker.lora().entrySet()) {
                in.put(e.getKey(), AdaptStepRunner.tensor(env, e.getValue()));
            }
            try (OrtSession.Result r = bundle.session("expression").run(in)) {
                return AdaptStepRunner.read(r, "expression");
            }
        } finally {
            for (OnnxTensor t : in.values()) {
                t.close();
            }
        }
    }
}
