package io.adamesh.animate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.model.SpeakerAdapter;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakerLibraryUserProfilesTest {
    @TempDir Path dir;

    static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    static SpeakerProfile like(SpeakerAdapter a, String id, String name, float[] pose) {
        return new SpeakerProfile(id, name, Instant.parse("2026-11-21T09:00:00Z"),
                new SpeakerProfile.ProfileSource("v.mp4", 0, 10, "0".repeat(64)),
                new SpeakerAdapter(id, a.style(), a.lora()), pose, 1, SpeakerProfile.AdaptMetrics.unknown());
    }

    @Test void userProfilesFollowTheBuiltInsAndSkipTheBadOnes() throws Exception {
        AnimationEngine engine = AnimateFixtures.engine();
        SpeakerLibrary lib = engine.speakers();
        List<String> builtIns = lib.builtInIds();
        SpeakerAdapter src = lib.adapter(builtIns.get(1));
        float[] pose = engine.pose().style(2);
        var store = new SpeakerProfileStore(dir, BundleIdentity.of(engine.bundle()));
        store.save(like(src, "anna-0001", "Anna", pose), png());
        store.save(like(src, "bob-0002", "Bob", null), png());
        store.save(like(src, "broken-0003", "Broken", null), png());
        Files.writeString(dir.resolve("broken-0003/adapter.json"), "{}");
        try {
            lib.attach(store);
            assertEquals(builtIns.size() + 2, lib.ids().size());
            assertEquals(builtIns, lib.ids().subList(0, builtIns.size()));
            assertEquals(List.of("anna-0001", "bob-0002"), lib.userIds());
            assertEquals(1, lib.warnings().size(), lib.warnings().toString());
            assertTrue(lib.warnings().get(0).contains("broken-0003"));
            assertEquals("Anna", lib.displayName("anna-0001"));
            assertArrayEquals(src.lora().get("out.B8").data(), lib.adapter("anna-0001").lora().get("out.B8").data());
            assertArrayEquals(pose, lib.poseStyle("anna-0001"));
            assertTrue(lib.hasOwnPoseStyle("anna-0001"));
            assertFalse(lib.hasOwnPoseStyle("bob-0002"));
            assertArrayEquals(engine.pose().noStyle(), lib.poseStyle("bob-0002"));

            store.delete("anna-0001");
            store.rename("bob-0002", "Robert");
            lib.reload();
            assertEquals(List.of("bob-0002"), lib.userIds());
            assertEquals("Robert", lib.displayName("bob-0002"));
            assertThrows(AnimateException.class, () -> lib.adapter("anna-0001"));

            SpeakerProfile unsaved = like(src, "preview-0004", "Preview", null);
            lib.preview(unsaved);
            assertSame(unsaved.adapter(), lib.adapter("preview-0004"));
            assertFalse(lib.ids().contains("preview-0004"));
            lib.forget("preview-0004");
            assertThrows(AnimateException.class, () -> lib.adapter("preview-0004"));
            assertThrows(AnimateException.class, () -> lib.preview(like(src, builtIns.get(0), "Clash", null)));
        } finally {
            lib.attach(null);
        }
        assertEquals(builtIns, lib.ids());
    }
}
