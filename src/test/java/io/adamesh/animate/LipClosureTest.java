package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lips against aligned phonemes, on the shipped bundle: espeak-ng utterances whose phoneme timing
 * is exact (fixtures written by {@code training/make_lip_fixtures.py}: WAV + the synthesiser's own
 * phoneme events). Frame {@code i} shows the audio at {@code i / 30} s. For every bilabial (p, b, m)
 * the inner lips (landmarks 62-66 on the rig) must close (gap < 3 mm) on some frame from one frame
 * before the phoneme starts to one frame after it ends; for every open vowel (viseme "aa": a, A, V,
 * aI, aU, ...) of at least 50 ms they must open (gap > 8 mm) within the same ±1 frame span.
 * Checked for offline generation and for the live animator on a simulated capture.
 */
class LipClosureTest {
    static final double FPS = 30.0;
    static final double MIN_VOWEL_S = 0.05;

    record Phone(String name, double start, double end, boolean bilabial, boolean open) { }

    static Path fixture(String file) throws Exception {
        return Path.of(Objects.requireNonNull(LipClosureTest.class.getResource("lips/" + file),
                "Resource not found: lips/" + file).toURI());
    }

    static List<Phone> phones(String name) throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readString(fixture(name + ".json")));
        List<Phone> out = new ArrayList<>();
        for (JsonNode p : root.path("phonemes")) {
            JsonNode v = p.path("visemes");
            out.add(new Phone(p.path("phoneme").asText(), p.path("start_s").asDouble(), p.path("end_s").asDouble(),
                    v.get(0).asText().equals("PP"), v.get(0).asText().equals("aa")));
        }
        return out;
    }

    static int first(Phone p) {
        return (int) Math.floor(p.start() * FPS) - 1;
    }

    static int last(Phone p) {
        return (int) Math.ceil(p.end() * FPS) + 1;
    }

    /** The checks; returns a list of failures (empty = pass) and prints the per-phoneme figures. */
    static List<String> check(String what, List<Phone> phones, float[] gap) {
        List<String> failures = new ArrayList<>();
        int bilabials = 0;
        int vowels = 0;
        StringBuilder line = new StringBuilder(what + ":");
        for (Phone p : phones) {
            int a = Math.max(0, first(p));
            int b = Math.min(gap.length - 1, last(p));
            float min = Float.MAX_VALUE;
            float max = 0;
            for (int f = a; f <= b; f++) {
                min = Math.min(min, gap[f]);
                max = Math.max(max, gap[f]);
            }
            if (p.bilabial()) {
                bilabials++;
                line.append(String.format(" %s@%.2f=%.1fmm", p.name(), p.start(), min * 1000));
                if (!(min < OfflineAnimatorTest.CLOSED_M)) {
                    failures.add(String.format("%s: bilabial '%s' at %.3f-%.3f s (frames %d-%d) leaves the lips %.1f mm apart",
                            what, p.name(), p.start(), p.end(), a, b, min * 1000));
                }
            } else if (p.open() && p.end() - p.start() >= MIN_VOWEL_S) {
                vowels++;
                line.append(String.format(" %s@%.2f^%.1fmm", p.name(), p.start(), max * 1000));
                if (!(max > OfflineAnimatorTest.OPEN_M)) {
                    failures.add(String.format("%s: open vowel '%s' at %.3f-%.3f s (frames %d-%d) opens the lips only %.1f mm",
                            what, p.name(), p.start(), p.end(), a, b, max * 1000));
                }
            }
        }
        System.out.println(line);
        assertTrue(bilabials >= 5, what + " has " + bilabials + " bilabials: the fixture must be bilabial-rich");
        assertTrue(vowels >= 1, what + " has no open vowel to check");
        return failures;
    }

    static final AnimationSettings LIPS_ONLY = new AnimationSettings().blinks(false).gaze(false).idle(false);

    @ParameterizedTest
    @ValueSource(strings = {"bob-map", "bread-mom", "puppy-bee", "pam-ben"})
    void offlineLipsCloseOnEveryBilabialAndOpenOnOpenVowelsWithinOneFrame(String name) throws Exception {
        AnimationEngine e = AnimateFixtures.engine();
        float[] audio = new AudioFileDecoder().decodeAll(fixture(name + ".wav")).samples();
        List<Phone> phones = phones(name);
        List<String> failures = new ArrayList<>();
        for (String speaker : List.of(e.speakers().defaultId(), "spk22", "spk40")) {
            Clip clip = new OfflineAnimator(e).animate(audio, new OfflineAnimator.Request(speaker, LIPS_ONLY, 0L),
                    OfflineAnimator.Progress.NONE, () -> false);
            failures.addAll(check(name + " offline " + speaker, phones, AnimateFixtures.lipGap(clip, e.face())));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob-map", "bread-mom", "puppy-bee", "pam-ben"})
    void liveLipsCloseOnEveryBilabialAndOpenOnOpenVowelsWithinOneFrame(String name) throws Exception {
        AnimationEngine e = AnimateFixtures.engine();
        float[] speech = new AudioFileDecoder().decodeAll(fixture(name + ".wav")).samples();
        float[] audio = java.util.Arrays.copyOf(speech, speech.length + 8_000);      // let the window pass the end
        List<Phone> phones = phones(name);
        LiveAnimatorTest.Sim sim = new LiveAnimatorTest.Sim();
        Map<Long, FaceParams> frames;
        try (LiveAnimator live = LiveAnimatorTest.animator(sim, e.speakers().defaultId(), LIPS_ONLY)) {
            frames = LiveAnimatorTest.run(live, sim, audio, -1, null, new ArrayList<>());
        }
        FaceModel face = e.face();
        int n = (int) Math.ceil(speech.length / 16_000.0 * FPS);
        float[] gap = new float[n];
        for (int f = 0; f < n; f++) {
            FaceParams p = frames.get((long) f);
            assertNotNull(p, "live frame " + f + " missing");
            gap[f] = LiveAnimatorTest.lipGap(face, p);
        }
        List<String> failures = check(name + " live " + e.speakers().defaultId(), phones, gap);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @org.junit.jupiter.api.Test
    void theCheckCatchesLipsThatAreFourFramesLate() throws Exception {
        AnimationEngine e = AnimateFixtures.engine();
        float[] audio = new AudioFileDecoder().decodeAll(fixture("puppy-bee.wav")).samples();
        Clip clip = new OfflineAnimator(e).animate(audio, new OfflineAnimator.Request(e.speakers().defaultId(), LIPS_ONLY, 0L),
                OfflineAnimator.Progress.NONE, () -> false);
        float[] gap = AnimateFixtures.lipGap(clip, e.face());
        float[] late = new float[gap.length];
        System.arraycopy(gap, 0, late, 4, gap.length - 4);
        assertTrue(check("puppy-bee on time", phones("puppy-bee"), gap).isEmpty());
        assertFalse(check("puppy-bee 4 frames late", phones("puppy-bee"), late).isEmpty(),
                "a 133-ms misalignment must not pass");
    }
}
