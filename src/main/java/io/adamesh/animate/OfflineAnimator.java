package io.adamesh.animate;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.model.ExpressionNetwork;
import io.adamesh.model.ModelBundleException;
import io.adamesh.model.PoseFeatures;
import io.adamesh.model.PoseModel;
import io.adamesh.model.PoseModelException;
import io.adamesh.model.SpeechEncoderException;
import io.adamesh.model.Wav2Vec2BundleEncoder;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BooleanSupplier;

/**
 * Offline (full-context) generation: 16-kHz mono audio -> quality-mode features of the speech encoder the
 * bundle names (its own log-mel encoder, or a user's wav2vec 2.0 / HuBERT export) -> expression
 * network with the speaker's MoLoRA adapter (43 channels + jaw at 30 fps) -> head pose from the pose
 * model with the speaker's pose style -> blink and gaze layers -> a {@link Clip} of the bundle's face.
 * Frame {@code i} is at {@code i / 30} s; the clip has {@code ceil(duration * 30)} frames (the last
 * network frame is held where the decoder's (3T)/5 falls short).
 */
public final class OfflineAnimator {
    /** Progress: fraction 0..1 and a stage name. */
    @FunctionalInterface
    public interface Progress {
        void report(double fraction, String stage);

        Progress NONE = (f, s) -> { };
    }

    /** What to generate. {@code seed} fixes pose sampling and the procedural layers. */
    public record Request(String speaker, AnimationSettings settings, long seed) {
        public Request(String speaker) {
            this(speaker, new AnimationSettings(), 0L);
        }
    }

    private final AnimationEngine engine;
    private final Executor executor;

    /** Pose generation runs on the common pool beside the expression path. */
    public OfflineAnimator(AnimationEngine engine) {
        this(engine, ForkJoinPool.commonPool());
    }

    /** @param executor where pose generation runs (a direct executor makes it sequential) */
    public OfflineAnimator(AnimationEngine engine, Executor executor) {
        this.engine = engine;
        this.executor = executor;
    }

    /** Progress never goes backwards when two stages report from two threads. */
    private static Progress monotonic(Progress p) {
        double[] max = {-1};
        return (f, stage) -> {
            synchronized (max) {
                if (f < max[0]) return;
                max[0] = f;
                p.report(f, stage);
            }
        };
    }

    /** Generates; throws {@link CancellationException} when {@code cancelled} turns true. */
    public Clip animate(float[] audio, Request request, Progress progress, BooleanSupplier cancelled)
            throws AnimateException {
        FaceModel face = engine.face();
        ExpressionNetwork net = engine.network();
        String speaker = request.speaker() == null ? engine.speakers().defaultId() : request.speaker();
        var adapter = engine.speakers().adapter(speaker);
        int frames = PoseFeatures.frameCount(audio.length);
        Progress monotonic = monotonic(progress);
        monotonic.report(0.0, "encoding speech");
        // a wav2vec 2.0 / HuBERT bundle: its export runs once; the expression and (if trained on them) pose paths share it
        float[][] hidden = null;
        if (engine.speechEncoder() instanceof Wav2Vec2BundleEncoder w) {
            try {
                hidden = w.speechEncoder().encode(audio);
            } catch (SpeechEncoderException e) {
                throw new AnimateException(e.getMessage(), e);
            }
            check(cancelled);
        }
        float[][] shared = hidden;
        // the pose network (the larger share of the time) runs beside the expression path: 2 cores
        CompletableFuture<float[]> poseJob = CompletableFuture.supplyAsync(() -> {
            try {
                return pose(audio, shared, frames, speaker, request.seed(), monotonic, cancelled);
            } catch (AnimateException e) {
                throw new CompletionException(e);
            }
        }, executor);
        float[] ex;
        float[] jaw;
        int netFrames;
        try (ExpressionNetwork.Speaker prepared = net.prepare(adapter)) {
            float[][] features = shared != null ? ((Wav2Vec2BundleEncoder) engine.speechEncoder()).project(shared)
                    : engine.speechEncoder().encode(audio);
            check(cancelled);
            monotonic.report(0.3, "expression");
            float[][] out = net.decode(features, prepared);
            ex = out[0];
            jaw = out[1];
            netFrames = jaw.length;
        } catch (ModelBundleException | SpeechEncoderException e) {
            poseJob.cancel(false);
            throw new AnimateException(e.getMessage(), e);
        }
        float[] neck;
        try {
            neck = poseJob.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (c instanceof AnimateException a) throw a;
            if (c instanceof CancellationException ce) throw ce;
            if (c instanceof RuntimeException r) throw r;
            throw new AnimateException(c.getMessage(), c);
        }
        check(cancelled);
        progress = monotonic;
        progress.report(0.95, "composing");
        FrameComposer composer = new FrameComposer(face, net.channels(), request.seed());
        FaceParams p = new FaceParams(face.shapeNames().size(), face.expressionNames().size(), face.jointCount());
        Clip.Builder clip = new Clip.Builder(face, engine.fps());
        float[] rest = new float[ExpressionNetwork.CHANNELS];
        for (int f = 0; f < frames; f++) {
            int src = Math.min(f, netFrames - 1);
            boolean speaking = src >= 0 && isSpeaking(ex, src, jaw[src]);
            composer.compose(src >= 0 ? ex : rest, src >= 0 ? src * ExpressionNetwork.CHANNELS : 0,
                    src >= 0 ? jaw[src] : 0f, neck, f * 3, f / engine.fps(), speaking, request.settings(), p);
            clip.add(p);
        }
        progress.report(1.0, "done");
        return clip.build();
    }

    /** Speech activity for the idle layer: the mouth is noticeably open. */
    static boolean isSpeaking(float[] ex, int frame, float jawX) {
        return jawX > 0.03f;
    }

    private float[] pose(float[] audio, float[][] hidden, int frames, String speaker, long seed, Progress progress,
                         BooleanSupplier cancelled) throws AnimateException {
        PoseModel pose = engine.pose();
        float[] out = new float[frames * 3];
        if (pose == null || frames == 0) {
            return out;
        }
        try {
            float[][] feats = pose.usesWav2Vec2() ? PoseFeatures.withHidden(hidden, audio, frames)
                    : PoseFeatures.compute(audio, frames);
            int down = pose.down();
            int n = (frames + down - 1) / down;
            float[][] padded = new float[n * down][];
            for (int i = 0; i < padded.length; i++) {
                padded[i] = feats[Math.min(i, frames - 1)];
            }
            float[] style = engine.speakers().poseStyle(speaker);
            double temperature = 0.9;   // pose.json sampling: temperature 0.9, top-k 10
            int topK = 10;
            long[] codes = new long[n];
            Random rng = new Random(seed);
            for (int j = 0; j < n; j++) {
                check(cancelled);
                codes[j] = pose.nextCode(codes, j, padded, style, temperature, topK, rng);
                if ((j & 7) == 0) {
                    progress.report(0.4 + 0.55 * j / n, "head pose");
                }
            }
            float[][] rot = pose.decode(codes);
            for (int f = 0; f < frames && f < rot.length; f++) {
                System.arraycopy(rot[f], 0, out, f * 3, 3);
            }
            return out;
        } catch (PoseModelException e) {
            throw new AnimateException(e.getMessage(), e);
        }
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("animation generation cancelled");
        }
    }
}
