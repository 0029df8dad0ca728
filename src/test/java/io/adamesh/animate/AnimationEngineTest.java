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
}
