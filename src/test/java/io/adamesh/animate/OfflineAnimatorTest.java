package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline generation on the default bundle. Lip closure is measured on the rig: the inner-lip
 * landmark distance (62-66). Tolerances: closed < 3 mm, open > 8 mm (rest = 0 mm, a spoken vowel
 * opens 15-22 mm on OpenHead).
 */
class OfflineAnimatorTest {
    static final float CLOSED_M = 0.003f;
    static final float OPEN_M = 0.008f;
    @TempDir
    static Path tmp;

    static Clip animate(float[] audio, String speaker, AnimationSettings s) throws Exception {
        return new OfflineAnimator(AnimateFixtures.engine()).animate(audio,
                new OfflineAnimator.Request(speaker, s, 0L), OfflineAnimator.Progress.NONE, () -> false);
    }

    /** Closures (gap < CLOSED) that follow an open mouth (gap > OPEN), as frame indices. */
    static List<Integer> closuresAfterOpening(float[] gap) {
        List<Integer> out = new ArrayList<>();
        boolean wasOpen = false;
        for (int f = 0; f < gap.length; f++) {
            if (gap[f] > OPEN_M) {
                wasOpen = true;
            } else if (gap[f] < CLOSED_M && wasOpen) {
                out.add(f);
                wasOpen = false;
            }
        }
        return out;
    }

    @Test
    void silenceGivesTheRestMouth() throws Exception {
        AnimationEngine e = AnimateFixtures.engine();
        Clip clip = animate(new float[32_000], "spk05", new AnimationSettings().blinks(false));
        assertEquals(60, clip.frameCount());
        assertEquals("openhead-1", clip.faceModelId());
        float[] gap = AnimateFixtures.lipGap(clip, e.face());
        int jaw = e.face().jointNames().indexOf("jaw");
        for (int f = 0; f < clip.frameCount(); f++) {
            assertTrue(gap[f] < 0.001f, "frame " + f + ": lips " + gap[f] * 1000 + " mm apart in silence");
            assertTrue(Math.abs(clip.pose(f, jaw, 0)) < 0.01f, "frame " + f + ": jaw " + clip.pose(f, jaw, 0));
        }
    }

    @Test
    void bilabialsCloseTheLips() throws Exception {
        AnimationEngine e = AnimateFixtures.engine();
        // "Bob may buy a map": b-b m b m-p, i.e. 4 closures between vowels + the final p
        float[] gap = AnimateFixtures.lipGap(animate(AnimateFixtures.speak(tmp, "Bob may buy a map"), "spk05",
                new AnimationSettings()), e.face());
        List<Integer> closures = closuresAfterOpening(gap);
        assertTrue(closures.size() >= 4, "closures at frames " + closures);
        float max = 0;
        for (float g : gap) max = Math.max(max, g);
        assertTrue(max > 0.012f, "the mouth never opened beyond " + max);
    }

    @Test
    void speechWithoutBilabialsKeepsTheLipsApartWhileSpeaking() throws Exception {
        AnimationEngine e = AnimateFixtures.engine();
        float[] gap = AnimateFixtures.lipGap(animate(AnimateFixtures.speak(tmp, "Tea is there Lee"), "spk05",
                new AnimationSettings()), e.face());
        List<Integer> closures = closuresAfterOpening(gap);
        // only the final return to rest may close (a pause may close the lips too, hence one comma-free phrase)
        assertTrue(closures.size() <= 1, "closures at frames " + closures);
    }

    @Test
    void speakersDiffer() throws Exception {
        float[] audio = AnimateFixtures.speak(tmp, "Bob may buy a map");
        Clip a = animate(audio, "spk05", new AnimationSettings());
        Clip b = animate(audio, "spk40", new AnimationSettings());
        double diff = 0;
        for (int i = 0; i < a.expressions().length; i++) diff += Math.abs(a.expressions()[i] - b.expressions()[i]);
        diff /= a.expressions().length;
        assertTrue(diff > 2e-3, "mean |expression difference| between speakers " + diff);
        double pose = 0;
        for (int i = 0; i < a.pose().length; i++) pose += Math.abs(a.pose()[i] - b.pose()[i]);
        assertTrue(pose > 0, "pose identical across speakers");
    }

    @Test
    void zeroIntensityGivesRestAndHalfHalvesTheJaw() throws Exception {
        AnimationEngine e = AnimateFixtures.engine();
        float[] audio = AnimateFixtures.speak(tmp, "Bob may buy a map");
        int jaw = e.face().jointNames().indexOf("jaw");
        int neck = e.face().jointNames().indexOf("neck");
        Clip full = animate(audio, "spk05", new AnimationSettings().blinks(false).gaze(false).idle(false));
        Clip half = animate(audio, "spk05", new AnimationSettings().blinks(false).gaze(false).idle(false)
                .expressionIntensity(0.5).poseIntensity(0.5));
        Clip zero = animate(audio, "spk05", new AnimationSettings().blinks(false).gaze(false).idle(false)
                .expressionIntensity(0).poseIntensity(0));
        for (int f = 0; f < full.frameCount(); f++) {
            assertEquals(full.pose(f, jaw, 0) * 0.5f, half.pose(f, jaw, 0), 1e-5f);
            assertEquals(full.pose(f, neck, 1) * 0.5f, half.pose(f, neck, 1), 1e-5f);
            assertEquals(0f, zero.pose(f, jaw, 0), 1e-9f);
            assertEquals(0f, zero.pose(f, neck, 1), 1e-9f);
        }
        float[] gap = AnimateFixtures.lipGap(zero, e.face());
        for (float g : gap) assertTrue(g < 1e-4f);
    }

    @Test
    void reportsProgressAndCancels() throws Exception {
        float[] audio = new float[48_000];
        List<Double> seen = new ArrayList<>();
        new OfflineAnimator(AnimateFixtures.engine()).animate(audio, new OfflineAnimator.Request("spk11"),
                (f, s) -> seen.add(f), () -> false);
        assertEquals(0.0, seen.get(0));
        assertEquals(1.0, seen.get(seen.size() - 1));
        for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i) >= seen.get(i - 1));
        int[] calls = {0};
        assertThrows(CancellationException.class, () -> new OfflineAnimator(AnimateFixtures.engine()).animate(audio,
                new OfflineAnimator.Request("spk11"), OfflineAnimator.Progress.NONE, () -> ++calls[0] > 2));
    }

    @Test
    void unknownSpeakerIsNamed() throws Exception {
        AnimateException ex = assertThrows(AnimateException.class, () -> animate(new float[1600], "nobody",
                new AnimationSettings()));
        assertTrue(ex.getMessage().contains("nobody") && ex.getMessage().contains("spk05"), ex.getMessage());
    }
}
