package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The shipped bundle must name the committed head: regenerating OpenHead without re-exporting (or
 * re-verifying and re-stamping) models/default would make the studio refuse its own default bundle.
 */
class DefaultBundleMatchesHeadTest {
    @Test
    void defaultBundleDeclaresTheCommittedHeadsChecksum() throws Exception {
        Path repo = Path.of(System.getProperty("adamesh.repo", "."));
        var manifest = new ObjectMapper().readTree(repo.resolve("models/default/manifest.json").toFile());
        String declared = manifest.path("face").path("sha256").asText();
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(repo.resolve("assets/openhead.npz"))));
        assertEquals(actual, declared, "models/default/manifest.json was made for another assets/openhead.npz:"
                + " re-export the bundle, or verify the change does not affect the channels and update face.sha256"
                + " with a provenance note (see provenance.face_update)");
        assertEquals("openhead-1", manifest.path("face").path("model_id").asText());
    }

    /**
     * Learned speaker profiles record the bundle's name (with its expression graph's checksum); a re-export
     * into another folder (e.g. the recipe run with --bundle /work/bundle-full, then copied here) names the
     * bundle after that folder, which would make the studio refuse every profile learned with "default".
     */
    @Test
    void defaultBundleIsNamedDefault() throws Exception {
        Path repo = Path.of(System.getProperty("adamesh.repo", "."));
        var manifest = new ObjectMapper().readTree(repo.resolve("models/default/manifest.json").toFile());
        assertEquals("default", manifest.path("name").asText(),
                "models/default/manifest.json: \"name\" must be \"default\" (export into models/default, or fix the name)");
    }
}
