package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.audio.RingBuffer;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live pipeline driven deterministically: a simulated capture writes hop-sized blocks into the
 * ring and a manual clock advances with the samples (so latency here is the algorithmic part: the
 * window's look-ahead, without compute time).
 */
class LiveAnimatorTest {
    @TempDir
    static Path tmp;

    /** Simulated capture + manual clock: capture time of the newest sample = its time in the stream. */
    static final class Sim {
        final RingBuffer ring = new RingBuffer(16_000 * 4);
        long written;
        long nanos() {
            return written * 1_000_000_000L / 16_000;
        }
        void write(float[] audio, int from, int n) {
            ring.write(audio, from, n);
            written += n;
        }
    }

    /** Runs the audio through hop by hop (one step per hop); returns published frames' rig params by frame. */
    static Map<Long, FaceParams> run(LiveAnimator live, Sim sim, float[] audio, int switchAtHop, String to,
                                     List<Long> order) throws Exception {
        Map<Long, FaceParams> out = new HashMap<>();
        for (int hop = 0; ; hop++) {
            int from = (int) ((long) hop * 16_000 / 30);
            int until = (int) Math.min(audio.length, (long) (hop + 1) * 16_000 / 30);
            if (from >= audio.length) break;
            sim.write(audio, from, until - from);
            if (hop == switchAtHop) live.switchSpeaker(to);
            if (live.step()) {
                LiveFrame f = live.frames().acquire();
                FaceParams copy = new FaceParams(f.params.shapeCount(), f.params.expressionCount(), f.params.jointCount());
                copy.copyFrom(f.params);
                out.put(f.frame, copy);
                order.add(f.frame);
            }
        }
        return out;
    }

    static LiveAnimator animator(Sim sim, String speaker, AnimationSettings s) throws Exception {
        return new LiveAnimator(AnimateFixtures.engine(), sim.ring, sim::nanos, sim::nanos, s, speaker, 0L);
    }

    static float lipGap(FaceModel face, FaceParams p) {
        RigEvaluator rig = new RigEvaluator(face);
        float[] v = new float[face.vertexCount() * 3];
        float[] lm = new float[face.landmarkCount() * 3];
        rig.evaluate(p, v);
        rig.landmarks(v, lm);
        return AnimateFixtures.dist(lm, 62, 66);
    }

    @Test
    void silenceGivesTheRestPose() throws Exception {
        Sim sim = new Sim();
        FaceModel face = AnimateFixtures.engine().face();
        try (LiveAnimator live = animator(sim, "spk05", new AnimationSettings().blinks(false))) {
            List<Long> order = new ArrayList<>();
            Map<Long, FaceParams> frames = run(live, sim, new float[16_000 * 2], -1, null, order);
            assertTrue(frames.size() >= 55, "published " + frames.size());
            for (FaceParams p : frames.values()) {
                assertTrue(lipGap(face, p) < 0.001f);
                assertTrue(Math.abs(p.pose()[FaceModel.JAW * 3]) < 0.01f);
            }
            assertEquals(0, live.stats().dropped());
            // algorithmic latency: the newest computable frame trails the newest sample by < 120 ms
            assertTrue(live.stats().latencyMsP99() < 120, "latency " + live.stats());
        }
    }

    @Test
    void speechOpensAndClosesTheLipsLikeOffline() throws Exception {
        Sim sim = new Sim();
        AnimationEngine e = AnimateFixtures.engine();
        float[] audio = AnimateFixtures.speak(tmp, "Bob may buy a map");
        AnimationSettings quiet = new AnimationSettings().blinks(false).gaze(false).idle(false);
        Clip offline = new OfflineAnimator(e).animate(audio, new OfflineAnimator.Request("spk05", quiet, 0),
                OfflineAnimator.Progress.NONE, () -> false);
        try (LiveAnimator live = animator(sim, "spk05", quiet)) {
            List<Long> order = new ArrayList<>();
            Map<Long, FaceParams> frames = run(live, sim, audio, -1, null, order);
            float[] gap = new float[offline.frameCount()];
            double sxy = 0, sxx = 0, syy = 0, mx = 0, my = 0;
            int n = 0;
            for (int f = 0; f < gap.length; f++) {
                FaceParams p = frames.get((long) f);
                if (p == null) continue;
                gap[f] = lipGap(e.face(), p);
                mx += p.pose()[FaceModel.JAW * 3];
                my += offline.pose(f, FaceModel.JAW, 0);
                n++;
            }
            mx /= n;
            my /= n;
            for (int f = 0; f < gap.length; f++) {
                FaceParams p = frames.get((long) f);
                if (p == null) continue;
                double x = p.pose()[FaceModel.JAW * 3] - mx, y = offline.pose(f, FaceModel.JAW, 0) - my;
                sxy += x * y;
                sxx += x * x;
                syy += y * y;
            }
            double r = sxy / Math.sqrt(sxx * syy);
            assertTrue(n > gap.length - 4, "live made " + n + " of " + gap.length + " frames");
            assertTrue(r > 0.8, "live vs offline jaw correlation " + r);
            assertTrue(OfflineAnimatorTest.closuresAfterOpening(gap).size() >= 3,
                    "live closures " + OfflineAnimatorTest.closuresAfterOpening(gap));
        }
    }

    @Test
    void speakerSwitchMidStreamTakesEffectOnTheNextFrameWithoutGaps() throws Exception {
        float[] audio = AnimateFixtures.speak(tmp, "Bob may buy a map");
        AnimationSettings quiet = new AnimationSettings().blinks(false).gaze(false).idle(false);
        Map<Long, FaceParams> a;
        Map<Long, FaceParams> b;
        Map<Long, FaceParams> switched;
        List<Long> order = new ArrayList<>();
        Sim s0 = new Sim();
        try (LiveAnimator live = animator(s0, "spk05", quiet)) {
            a = run(live, s0, audio, -1, null, new ArrayList<>());
        }
        Sim s1 = new Sim();
        try (LiveAnimator live = animator(s1, "spk40", quiet)) {
            b = run(live, s1, audio, -1, null, new ArrayList<>());
        }
        Sim s2 = new Sim();
        try (LiveAnimator live = animator(s2, "spk05", quiet)) {
            switched = run(live, s2, audio, 30, "spk40", order);
            assertEquals("spk40", live.speaker());
            assertTrue(live.stats().dropped() <= 1, "dropped " + live.stats().dropped());
        }
        for (int i = 1; i < order.size(); i++) {
            assertEquals(order.get(i - 1) + 1, order.get(i), "frames in order without gaps");
        }
        long switchFrame = -1;
        int differ = 0;
        for (long f : order) {
            FaceParams p = switched.get(f);
            boolean likeB = java.util.Arrays.equals(p.expressions(), b.get(f).expressions());
            boolean likeA = java.util.Arrays.equals(p.expressions(), a.get(f).expressions());
            if (likeB && !likeA && switchFrame < 0) switchFrame = f;
            if (switchFrame >= 0) assertTrue(likeB, "frame " + f + " after the switch is spk40's");
            if (!java.util.Arrays.equals(a.get(f).expressions(), b.get(f).expressions())) differ++;
        }
        assertTrue(differ > 10, "speakers differ on " + differ + " frames");
        assertTrue(switchFrame >= 0 && switchFrame <= order.get(0) + 32, "switch took effect at frame " + switchFrame);
    }

    @Test
    void whenBehindItTakesTheNewestWindowAndCountsDrops() throws Exception {
        Sim sim = new Sim();
        try (LiveAnimator live = animator(sim, "spk05", new AnimationSettings())) {
            float[] audio = new float[16_000 * 3];
            sim.write(audio, 0, 16_000);
            assertTrue(live.step());
            long first = live.frames().acquire().frame;
            sim.write(audio, 0, 16_000);                     // 1 s arrives while the thread was busy
            assertTrue(live.step());
            long second = live.frames().acquire().frame;
            assertEquals(first + 30, second, "jumped to the newest frame");
            assertEquals(29, live.stats().dropped());
            assertFalse(live.step(), "nothing new, nothing published");
        }
    }
}
