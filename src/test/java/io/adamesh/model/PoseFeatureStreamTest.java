package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.audio.AudioFileDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The causal pose features against the offline ones ({@link PoseFeatures}) on the same espeak-ng
 * speech. Log-mel, pitch and voicing must be identical; loudness, whose offline reference is the
 * file's peak, must agree once the live reference has been warmed up by the same voice.
 *
 * <p>Stated tolerance: on an utterance that follows another utterance of the same voice, live
 * loudness is within 0.05 (2 dB over the 40-dB range) of offline on average and within 0.10 on every
 * frame; after the loudest frame of the utterance itself has been heard, the two are equal.
 */
class PoseFeatureStreamTest {
    @TempDir
    static Path tmp;
    static float[] first;
    static float[] second;

    /** Speech padded with silence to a whole number of 0.1-s blocks (3 pose frames = 10 mel hops). */
    static float[] speak(String text) throws Exception {
        Path wav = tmp.resolve(Integer.toHexString(text.hashCode()) + ".wav");
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text)
                .redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("espeak-ng failed: " + new String(p.getInputStream().readAllBytes()));
        }
        float[] a = new AudioFileDecoder().decodeAll(wav).samples();
        return java.util.Arrays.copyOf(a, (a.length / 1600 + 2) * 1600);
    }

    @BeforeAll
    static void audio() throws Exception {
        first = speak("Please call Stella and ask her to bring these things with her from the store");
        second = speak("Six spoons of fresh snow peas, five thick slabs of blue cheese");
    }

    /** Streams {@code parts} one after another in blocks of {@code block} samples; returns rows by frame. */
    static List<float[]> stream(int block, float[]... parts) {
        PoseFeatureStream s = new PoseFeatureStream();
        List<float[]> rows = new ArrayList<>();
        PoseFeatureStream.Sink sink = (f, row) -> {
            assertEquals(rows.size(), f, "frames in order");
            rows.add(row.clone());
        };
        for (float[] part : parts) {
            for (int i = 0; i < part.length; i += block) {
                s.accept(part, i, Math.min(block, part.length - i), sink);
            }
        }
        return rows;
    }

    /** Offline frames whose windows lie wholly inside the audio (the file's last 2 frames are truncated). */
    static int inner(float[] audio) {
        return PoseFeatures.frameCount(audio.length) - 2;
    }

    @Test
    void melPitchAndVoicingEqualOfflineAndLoudnessEqualsItAfterThePeak() {
        float[][] offline = PoseFeatures.compute(first, PoseFeatures.frameCount(first.length));
        List<float[]> live = stream(533, first);
        int peak = 0;
        for (int f = 0; f < offline.length; f++) {
            if (offline[f][80] >= offline[peak][80]) peak = f;
        }
        int n = inner(first);
        assertTrue(live.size() >= n, "live made " + live.size() + " of " + n + " frames");
        double before = 0;
        for (int f = 0; f < n; f++) {
            for (int c = 0; c < 80; c++) {
                assertEquals(offline[f][c], live.get(f)[c], 1e-5, "mel " + c + " of frame " + f);
            }
            assertEquals(offline[f][81], live.get(f)[81], 1e-6, "log f0 of frame " + f);
            assertEquals(offline[f][82], live.get(f)[82], 0.0, "voicing of frame " + f);
            if (f >= peak) {
                assertEquals(offline[f][80], live.get(f)[80], 1e-6, "loudness after the peak, frame " + f);
            } else {
                before = Math.max(before, live.get(f)[80] - offline[f][80]);
            }
        }
        assertTrue(peak > 5, "the utterance's peak is not at its start (frame " + peak + "), so the test says something");
        assertTrue(before >= 0, "before its peak, live can only read louder");
    }

    @Test
    void aLaterUtteranceOfTheSameVoiceAgreesWithOfflineWithinTheStatedTolerance() {
        float[][] offline = PoseFeatures.compute(second, PoseFeatures.frameCount(second.length));
        List<float[]> live = stream(700, first, second);
        int skip = PoseFeatures.frameCount(first.length);
        int n = inner(second);
        double sum = 0;
        double max = 0;
        for (int f = 0; f < n; f++) {
            double d = Math.abs(offline[f][80] - live.get(skip + f)[80]);
            sum += d;
            max = Math.max(max, d);
            assertEquals(offline[f][82], live.get(skip + f)[82], 0.0);
        }
        System.out.printf("live vs offline loudness after warm-up: mean %.4f max %.4f%n", sum / n, max);
        assertTrue(sum / n <= 0.05, "mean loudness difference " + sum / n);
        assertTrue(max <= 0.10, "max loudness difference " + max);
    }

    @Test
    void aQuieterVoiceIsRenormalisedAfterTheHoldAndRelease() {
        float[] quiet = new float[second.length];
        for (int i = 0; i < quiet.length; i++) quiet[i] = second[i] * 0.25f;          // -12 dB
        float[][] offline = PoseFeatures.compute(quiet, PoseFeatures.frameCount(quiet.length));
        // loud speech, then 20 s of the quiet voice repeated: hold 10 s, release 3 dB/s
        int reps = (int) Math.ceil(20.0 * 16_000 / quiet.length);
        float[][] parts = new float[reps + 2][];
        parts[0] = first;
        for (int r = 1; r <= reps + 1; r++) parts[r] = quiet;
        List<float[]> live = stream(533, parts);
        int per = PoseFeatures.frameCount(quiet.length);
        int last = PoseFeatures.frameCount(first.length) + reps * per;
        int firstQuiet = PoseFeatures.frameCount(first.length);
        double early = 0;
        double late = 0;
        int n = inner(quiet);
        for (int f = 0; f < n; f++) {
            early += Math.abs(offline[f][80] - live.get(firstQuiet + f)[80]) / n;
            late += Math.abs(offline[f][80] - live.get(last + f)[80]) / n;
        }
        assertTrue(early > 0.15, "right after the loud voice the quiet one reads quieter: " + early);
        assertTrue(late < 0.05, "after hold and release it reads as offline does: " + late);
    }

    @Test
    void silenceFromTheStartDoesNotReadAsLoud() {
        float[] noise = new float[16_000 * 3];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < noise.length; i++) noise[i] = (float) (r.nextGaussian() * 1e-4);   // -80 dBFS
        for (float[] row : stream(533, noise)) {
            assertTrue(row[80] < 0.05f, "room noise loudness " + row[80]);
        }
    }

    @Test
    void restartSkipsToTheNewPositionAndNumbersFramesByTheStream() {
        PoseFeatureStream s = new PoseFeatureStream();
        List<Long> frames = new ArrayList<>();
        s.accept(first, 0, 16_000, (f, row) -> frames.add(f));
        s.restart(48_000);
        assertEquals(48_000, s.position());
        frames.clear();
        s.accept(first, 0, 16_000, (f, row) -> frames.add(f));
        assertEquals(90L, frames.get(0), "first frame after a restart at 3 s");
        for (int i = 1; i < frames.size(); i++) assertEquals(frames.get(i - 1) + 1, frames.get(i));
    }
}
