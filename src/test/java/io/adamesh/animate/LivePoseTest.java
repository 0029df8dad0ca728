package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live head pose: PoseGPT streamed by the live animator on a simulated capture (procedural layers off,
 * so the neck joint is the network's pose after the silence gate).
 */
class LivePoseTest {
    @TempDir
    static Path tmp;
    static final AnimationSettings NETWORK_ONLY = new AnimationSettings().blinks(false).gaze(false).idle(false);

    static float[] speechThenSilence(double silenceS) throws Exception {
        float[] a = AnimateFixtures.speak(tmp, "Please call Stella. Ask her to bring these things with her from the "
                + "store: six spoons of fresh snow peas, five thick slabs of blue cheese, and maybe a snack for her brother Bob.");
        float[] out = new float[a.length + (int) (silenceS * 16_000)];
        System.arraycopy(a, 0, out, 0, a.length);
        return out;
    }

    static float[] neck(FaceParams p) {
        float[] pose = p.pose();
        return new float[] {pose[FaceModel.NECK * 3], pose[FaceModel.NECK * 3 + 1], pose[FaceModel.NECK * 3 + 2]};
    }

    static double std(List<float[]> rows, int axis) {
        double m = 0;
        for (float[] r : rows) m += r[axis] / rows.size();
        double v = 0;
        for (float[] r : rows) v += (r[axis] - m) * (r[axis] - m) / rows.size();
        return Math.sqrt(v);
    }

    /** spk05 holds its head tilted by about 3.5 degrees: the start must ease into it, not jump. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"spk22", "spk05"})
    void speechMovesTheHeadSmoothlyLikeOfflineAndSilenceSettlesIt(String speaker) throws Exception {
        float[] audio = speechThenSilence(5);
        int speechFrames = (audio.length - 5 * 16_000) * 30 / 16_000;
        Clip offline = new OfflineAnimator(AnimateFixtures.engine()).animate(audio,
                new OfflineAnimator.Request(speaker, NETWORK_ONLY, 0), OfflineAnimator.Progress.NONE, () -> false);
        LiveAnimatorTest.Sim sim = new LiveAnimatorTest.Sim();
        List<Long> order = new ArrayList<>();
        Map<Long, FaceParams> frames;
        LiveAnimator.Stats stats;
        try (LiveAnimator live = LiveAnimatorTest.animator(sim, speaker, NETWORK_ONLY)) {
            frames = LiveAnimatorTest.run(live, sim, audio, -1, null, order);
            stats = live.stats();
        }
        System.out.println("live pose: " + stats);
        assertEquals(0, stats.poseRestarts());
        assertTrue(stats.poseCodes() >= (order.size() - 8) / 4, "codes " + stats.poseCodes());
        assertTrue(stats.poseMissing() <= LivePose.DELAY_FRAMES + 4 * 2, "frames shown before their pose: " + stats.poseMissing());
        List<float[]> liveSpeech = new ArrayList<>();
        List<float[]> offSpeech = new ArrayList<>();
        double maxStep = 0;
        float[] prev = null;
        for (long f : order) {
            float[] n = neck(frames.get(f));
            if (prev != null) for (int c = 0; c < 3; c++) maxStep = Math.max(maxStep, Math.abs(n[c] - prev[c]));
            prev = n;
            if (f >= 30 && f < speechFrames) {
                liveSpeech.add(n);
                offSpeech.add(new float[] {offline.pose((int) f, FaceModel.NECK, 0), offline.pose((int) f, FaceModel.NECK, 1),
                        offline.pose((int) f, FaceModel.NECK, 2)});
            }
        }
        double liveMotion = 0;
        double offMotion = 0;
        for (int c = 0; c < 3; c++) {
            liveMotion = Math.max(liveMotion, std(liveSpeech, c));
            offMotion = Math.max(offMotion, std(offSpeech, c));
        }
        System.out.printf("%s neck std while speaking: live %.2f deg, offline %.2f deg; largest step %.2f deg/frame%n",
                speaker, Math.toDegrees(liveMotion), Math.toDegrees(offMotion), Math.toDegrees(maxStep));
        assertTrue(liveMotion > Math.toRadians(0.15), "the head moves while speaking: " + Math.toDegrees(liveMotion));
        assertTrue(liveMotion > offMotion / 3 && liveMotion < offMotion * 3,
                "live motion " + Math.toDegrees(liveMotion) + " deg vs offline " + Math.toDegrees(offMotion));
        assertTrue(maxStep < Math.toRadians(1.0), "no jumps: largest step " + Math.toDegrees(maxStep) + " deg");
        // the last second of a 5-s pause: the head rests still (idle sway is off here)
        List<float[]> tail = new ArrayList<>();
        long lastFrame = order.get(order.size() - 1);
        for (long f = lastFrame - 30; f <= lastFrame; f++) tail.add(neck(frames.get(f)));
        for (int c = 0; c < 3; c++) {
            assertTrue(std(tail, c) < Math.toRadians(0.05), "still in silence, axis " + c + ": " + Math.toDegrees(std(tail, c)));
        }
    }

    @Test
    void withIdleOnTheSilentHeadSwaysAndZeroPoseIntensityLeavesOnlyTheSway() throws Exception {
        float[] audio = speechThenSilence(4);
        LiveAnimatorTest.Sim s0 = new LiveAnimatorTest.Sim();
        LiveAnimatorTest.Sim s1 = new LiveAnimatorTest.Sim();
        AnimationSettings idleOnly = new AnimationSettings().blinks(false).gaze(false).poseIntensity(0);
        AnimationSettings both = new AnimationSettings().blinks(false).gaze(false);
        Map<Long, FaceParams> sway;
        Map<Long, FaceParams> all;
        List<Long> order = new ArrayList<>();
        try (LiveAnimator live = LiveAnimatorTest.animator(s0, "spk22", idleOnly)) {
            sway = LiveAnimatorTest.run(live, s0, audio, -1, null, order);
        }
        try (LiveAnimator live = LiveAnimatorTest.animator(s1, "spk22", both)) {
            all = LiveAnimatorTest.run(live, s1, audio, -1, null, new ArrayList<>());
        }
        long last = order.get(order.size() - 1);
        List<float[]> tail = new ArrayList<>();
        double differ = 0;
        for (long f = last - 30; f <= last; f++) {
            tail.add(neck(sway.get(f)));
            float[] a = neck(sway.get(f));
            float[] b = neck(all.get(f));
            for (int c = 0; c < 3; c++) differ = Math.max(differ, Math.abs(a[c] - b[c]));
        }
        double motion = Math.max(std(tail, 0), Math.max(std(tail, 1), std(tail, 2)));
        assertTrue(motion > Math.toRadians(0.02), "idle sway in silence: " + Math.toDegrees(motion));
        assertTrue(differ > 0, "the network's resting posture adds to the sway at pose intensity 1");
    }

    @Test
    void aStalledThreadRestartsThePoseContextInsteadOfCatchingUp() throws Exception {
        float[] audio = speechThenSilence(0);
        LiveAnimatorTest.Sim sim = new LiveAnimatorTest.Sim();
        try (LiveAnimator live = LiveAnimatorTest.animator(sim, "spk22", NETWORK_ONLY)) {
            sim.write(audio, 0, 16_000);
            live.step();
            long before = live.stats().poseCodes();
            long restarts = live.stats().poseRestarts();         // the first second arrived at once too
            sim.write(audio, 16_000, 16_000);                    // 1 s arrives while the thread was stalled
            live.step();
            LiveAnimator.Stats s = live.stats();
            assertEquals(restarts + 1, s.poseRestarts(), s.toString());
            assertTrue(s.poseCodes() - before <= LivePose.MAX_CODES_PER_STEP, "bounded work per step: " + s);
            for (int hop = 0; hop < 60; hop++) {
                int from = 32_000 + hop * 16_000 / 30;
                sim.write(audio, from, 16_000 / 30);
                live.step();
            }
            assertEquals(restarts + 1, live.stats().poseRestarts(), "steady again after the stall");
            assertTrue(live.stats().poseCodes() - s.poseCodes() >= 14, "codes keep coming: " + live.stats());
        }
    }
}
