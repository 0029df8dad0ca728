package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.adamesh.audio.LogMel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BundleSpeechEncoderTest {
    static float[] speechLike(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16000.0;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            x[i] = (float) (env * (0.3 * Math.sin(2 * Math.PI * 140 * t) + 0.1 * Math.sin(2 * Math.PI * 900 * t))
                    + 0.01 * rnd.nextGaussian());
        }
        return x;
    }

    /** The graph on the whole utterance with the live mask: what streaming must reproduce. */
    static float[][] wholeWithMask(ModelBundle bundle, float[] audio, long chunk, int d) throws Exception {
        float[][] mel = LogMel.compute(audio);
        float[] flat = new float[mel.length * 80];
        for (int i = 0; i < mel.length; i++) {
            System.arraycopy(mel[i], 0, flat, i * 80, 80);
        }
        var env = bundle.environment();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {1, mel.length, 80});
                OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {chunk}), new long[] {1});
                OrtSession.Result r = bundle.session("encoder").run(Map.of("mel", x, "chunk_frames", c))) {
            float[] out = AdaptStepRunner.read(r, "features");
            float[][] frames = new float[out.length / d][d];
            for (int t = 0; t < frames.length; t++) {
                System.arraycopy(out, t * d, frames[t], 0, d);
            }
            return frames;
        }
    }

    @Test
    void liveStreamingMatchesTheChunkMaskedGraphAndWaitsAtMostOneChunk() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(BundleFixtures.defaultBundle())) {
            BundleSpeechEncoder enc = new BundleSpeechEncoder(bundle);
            float[] audio = speechLike(16000 + 7000, 3);     // 1.44 s, inside the 2 s left context
            float[][] whole = wholeWithMask(bundle, audio, BundleSpeechEncoder.CHUNK, enc.dimension());
            List<float[]> streamed = new ArrayList<>();
            var session = enc.openStream();
            Random rnd = new Random(5);
            int pos = 0;
            while (pos < audio.length) {
                int n = Math.min(audio.length - pos, 1 + rnd.nextInt(700));
                session.accept(audio, pos, n, (i, f) -> {
                    assertEquals(streamed.size(), i);
                    streamed.add(f.clone());
                });
                pos += n;
                long possible = enc.frameCount(pos);
                assertTrue(session.framesEmitted() >= possible - BundleSpeechEncoder.CHUNK - 1,
                        "emitted " + session.framesEmitted() + " of " + possible);
            }
            session.flush((i, f) -> streamed.add(f.clone()));
            assertEquals(enc.frameCount(audio.length), streamed.size());
            assertEquals(whole.length, streamed.size());
            // frames of complete chunks equal the whole-utterance live graph; the last partial chunk may differ
            int complete = (whole.length / BundleSpeechEncoder.CHUNK) * BundleSpeechEncoder.CHUNK - BundleSpeechEncoder.CHUNK;
            for (int t = 0; t < complete; t++) {
                for (int k = 0; k < enc.dimension(); k++) {
                    assertEquals(whole[t][k], streamed.get(t)[k], 1e-4, "frame " + t);
                }
            }
            float[][] quality = enc.encode(audio);
            assertEquals(whole.length, quality.length);
        }
    }
}
