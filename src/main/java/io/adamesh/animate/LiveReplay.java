package io.adamesh.animate;

import io.adamesh.audio.RingBuffer;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceParams;

/**
 * The live path replayed over a recording: the audio goes into a ring one 33-ms hop at a time, as a
 * capture would deliver it, on a clock that advances with the samples; a {@link LiveAnimator} steps
 * once per hop, and every frame it publishes becomes a clip frame. So a clip shows exactly what live
 * mode would have put on screen for this voice (causal features, streamed head pose, the procedural
 * layers), deterministically, to look at, compare with offline generation, or export. A frame the
 * animator did not make (at the very start, before its first window) holds the first frame it made.
 */
public final class LiveReplay {
    private LiveReplay() {
    }

    public static Clip run(AnimationEngine engine, float[] audio, String speaker, AnimationSettings settings, long seed)
            throws AnimateException {
        RingBuffer ring = new RingBuffer(16_000 * 4);
        long[] written = {0};
        int frames = (int) Math.ceil(audio.length / 16_000.0 * 30 - 1e-9);
        FaceParams[] made = new FaceParams[frames];
        float[] tail = new float[(int) (LiveAnimator.MAX_WINDOW)];
        try (LiveAnimator live = new LiveAnimator(engine, ring, () -> written[0] * 62_500L, () -> written[0] * 62_500L,
                settings, speaker, seed)) {
            long total = audio.length + tail.length;         // trailing silence lets the window pass the end
            for (long hop = 0; written[0] < total; hop++) {
                long until = Math.min(total, (hop + 1) * 16_000 / 30);
                int n = (int) (until - written[0]);
                if (written[0] < audio.length) {
                    int fromAudio = (int) Math.min(n, audio.length - written[0]);
                    ring.write(audio, (int) written[0], fromAudio);
                    if (n > fromAudio) ring.write(tail, 0, n - fromAudio);
                } else {
                    ring.write(tail, 0, n);
                }
                written[0] += n;
                if (live.step()) {
                    LiveFrame f = live.frames().acquire();
                    if (f.frame >= 0 && f.frame < frames) {
                        FaceParams copy = new FaceParams(f.params.shapeCount(), f.params.expressionCount(), f.params.jointCount());
                        copy.copyFrom(f.params);
                        made[(int) f.frame] = copy;
                    }
                }
            }
        }
        Clip.Builder clip = new Clip.Builder(engine.face(), engine.fps());
        FaceParams firstMade = null;
        for (FaceParams p : made) {
            if (p != null) {
                firstMade = p;
                break;
            }
        }
        if (firstMade == null) {
            throw new AnimateException("the live path made no frame from " + audio.length / 16_000.0 + " s of audio");
        }
        FaceParams last = firstMade;
        for (FaceParams p : made) {
            if (p != null) last = p;
            clip.add(last);
        }
        return clip.build();
    }
}
