package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.face.FaceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimationEngineTest {
    @Test
    void refusesAFaceWhoseChecksumDiffersFromTheManifest(@TempDir Path dir) throws Exception {
        FaceModel face = FaceModel.load(AnimateFixtures.FACE);
        String want = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(AnimateFixtures.BUNDLE.resolve("manifest.json").toFile()).path("face").path("sha256").asText();
        if (want.equals(face.checksum())) {
            // make a different file of the same face
            Path copy = dir.resolve("other.npz");
            face.withTexture(new byte[] {1, 2, 3}, 1, 1).save(copy);
            face = FaceModel.load(copy);
        }
        FaceModel wrong = face;
        AnimateException e = assertThrows(AnimateException.class,
                () -> AnimationEngine.open(AnimateFixtures.BUNDLE, wrong, false));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains(want)
                && e.getMessage().contains(wrong.checksum()), e.getMessage());
        try (AnimationEngine relaxed = AnimationEngine.open(AnimateFixtures.BUNDLE, wrong, true)) {
            assertEquals(e.getMessage(), relaxed.faceWarning());
            assertEquals(java.util.List.of("spk05", "spk11", "spk22", "spk40"), relaxed.speakers().ids());
        }
        assertTrue(Files.isDirectory(dir));
    }

    /** A full copy of the default bundle with its manifest changed. */
    static Path bundleWith(Path dir, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change)
            throws Exception {
        Path dst = dir.resolve("bundle");
        try (var files = Files.walk(AnimateFixtures.BUNDLE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = dst.resolve(AnimateFixtures.BUNDLE.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to); else Files.copy(f, to);
            }
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(dst.resolve("manifest.json").toFile());
        change.accept(root);
        json.writeValue(dst.resolve("manifest.json").toFile(), root);
        return dst;
    }

    @Test
    void refusesABundleMadeForAnotherFaceModelEvenWhenRelaxed(@TempDir Path dir) throws Exception {
        Path bundle = bundleWith(dir, r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.path("face")).put("model_id", "flame"));
        FaceModel face = FaceModel.load(AnimateFixtures.FACE);
        AnimateException e = assertThrows(AnimateException.class, () -> AnimationEngine.open(bundle, face, true));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("'flame'")
                && e.getMessage().contains("'" + face.id() + "'"), e.getMessage());
    }

    @Test
    void refusesABundleWithoutSpeakerProfiles(@TempDir Path dir) throws Exception {
        Path bundle = bundleWith(dir, r -> r.putArray("speakers"));
        AnimateException e = assertThrows(AnimateException.class,
                () -> AnimationEngine.open(bundle, FaceModel.load(AnimateFixtures.FACE), true));
        assertTrue(e.getMessage().contains("declares no speaker profiles"), e.getMessage());
    }

    @Test
    void anUnknownSpeakerIsNamedLiveAndASwitchToOneKeepsTheStream() throws Exception {
        LiveAnimatorTest.Sim sim = new LiveAnimatorTest.Sim();
        AnimateException e = assertThrows(AnimateException.class,
                () -> LiveAnimatorTest.animator(sim, "nobody", new AnimationSettings()));
        assertTrue(e.getMessage().contains("'nobody'") && e.getMessage().contains("spk05"), e.getMessage());
        try (LiveAnimator live = LiveAnimatorTest.animator(sim, "spk05", new AnimationSettings())) {
            assertThrows(AnimateException.class, () -> live.switchSpeaker("nobody"));
            assertEquals("spk05", live.speaker());
            sim.write(new float[16_000], 0, 16_000);
            assertTrue(live.step());
            assertEquals("spk05", live.frames().acquire().speaker);
        }
    }
}
