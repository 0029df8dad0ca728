package io.adamesh.speaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.model.FloatTensor;
import io.adamesh.model.SpeakerAdapter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakerProfileStoreTest {
    static final BundleIdentity BUNDLE = new BundleIdentity("default", "a".repeat(64),
            Map.of("out.A2", new long[] {2, 3}, "out.logits", new long[] {3}), 4);
    static final BundleIdentity OTHER = new BundleIdentity("retrained", "b".repeat(64), BUNDLE.loraShapes(), 4);

    @TempDir Path dir;

    static byte[] png(int rgb) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, rgb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static SpeakerProfile profile(String id, String name, float seed) {
        Map<String, FloatTensor> lora = new LinkedHashMap<>();
        lora.put("out.A2", new FloatTensor(new float[] {seed, 2, 3, 4, 5, -6.25f}, new long[] {2, 3}));
        lora.put("out.logits", new FloatTensor(new float[] {0.1f, 0.2f, seed}, new long[] {3}));
        var adapter = new SpeakerAdapter(id, new FloatTensor(new float[] {1, 2, 3, seed}, new long[] {4}), lora);
        return new SpeakerProfile(id, name, Instant.parse("2026-11-21T08:00:00Z").plusSeconds((long) seed),
                new SpeakerProfile.ProfileSource("anna.mp4", 5, 15, "c".repeat(64)), adapter,
                new float[] {0.5f, -0.25f, 1e-7f}, 3,
                new SpeakerProfile.AdaptMetrics(0.002, 0.001, 1.5, 1.2, 120, 80, 12.5, 0.97));
    }

    @Test void savedProfileReadsBackEqualIncludingTensorsAndMetrics() throws Exception {
        var store = new SpeakerProfileStore(dir, BUNDLE);
        SpeakerProfile p = profile("anna-1a2b", "Anna K.", 7);
        store.save(p, png(0xff0000));
        SpeakerProfile q = new SpeakerProfileStore(dir, BUNDLE).load("anna-1a2b");
        assertEquals("Anna K.", q.name());
        assertEquals(p.created(), q.created());
        assertEquals(p.source(), q.source());
        assertEquals(p.metrics(), q.metrics());
        assertArrayEquals(p.poseStyle(), q.poseStyle());
        assertEquals(3, q.poseNearest());
        assertArrayEquals(p.adapter().style().data(), q.adapter().style().data());
        for (var e : p.adapter().lora().entrySet()) {
            assertArrayEquals(e.getValue().data(), q.adapter().lora().get(e.getKey()).data(), e.getKey());
            assertArrayEquals(e.getValue().shape(), q.adapter().lora().get(e.getKey()).shape(), e.getKey());
        }
        assertTrue(store.thumbnail("anna-1a2b").isPresent());
        assertEquals(List.of("anna-1a2b"), store.list().stream().map(SpeakerProfile::id).toList());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("anna-1a2b"), s.map(x -> x.getFileName().toString()).toList(), "no temporary left");
        }
    }

    @Test void corruptProfileIsSkippedWithAWarningAndTheOthersLoad() throws Exception {
        var store = new SpeakerProfileStore(dir, BUNDLE);
        store.save(profile("good-0001", "Good", 1), png(1));
        store.save(profile("bad-0002", "Bad", 2), png(2));
        store.save(profile("edited-0003", "Edited", 3), png(3));
        Files.writeString(dir.resolve("bad-0002/profile.json"), "{ not json");
        String adapter = Files.readString(dir.resolve("edited-0003/adapter.json"));
        Files.writeString(dir.resolve("edited-0003/adapter.json"), adapter.replace("\"version\" : 1", "\"version\" : 1 "));
        List<SpeakerProfile> listed = store.list();
        assertEquals(List.of("good-0001"), listed.stream().map(SpeakerProfile::id).toList());
        assertEquals(2, store.warnings().size(), store.warnings().toString());
        assertTrue(store.warnings().stream().anyMatch(w -> w.contains("bad-0002") && w.contains("not valid JSON")),
                store.warnings().toString());
        assertTrue(store.warnings().stream().anyMatch(w -> w.contains("edited-0003") && w.contains("checksum")),
                store.warnings().toString());
    }

    @Test void profileOfAnotherBundleIsRefusedAtLoadWithAClearMessage() throws Exception {
        new SpeakerProfileStore(dir, OTHER).save(profile("old-0001", "Old", 1), png(1));
        var store = new SpeakerProfileStore(dir, BUNDLE);
        var e = assertThrows(SpeakerProfileException.class, () -> store.load("old-0001"));
        assertTrue(e.getMessage().contains("'retrained'") && e.getMessage().contains("adapt it again"), e.getMessage());
        assertTrue(store.list().isEmpty());
        assertEquals(1, store.warnings().size());
        assertEquals(1, new SpeakerProfileStore(dir).list().size(), "a bundle-less library still lists it");
    }

    @Test void renameKeepsIdAndDeleteRemovesTheDirectory() throws Exception {
        var store = new SpeakerProfileStore(dir, BUNDLE);
        store.save(profile("anna-0001", "Anna", 1), png(1));
        SpeakerProfile r = store.rename("anna-0001", "  Anna (studio)  ");
        assertEquals("Anna (studio)", r.name());
        assertEquals("Anna (studio)", store.load("anna-0001").name());
        store.delete("anna-0001");
        assertFalse(Files.exists(dir.resolve("anna-0001")));
        assertTrue(store.list().isEmpty());
        assertThrows(SpeakerProfileException.class, () -> store.delete("anna-0001"));
        assertThrows(SpeakerProfileException.class, () -> store.rename("../etc", "x"));
    }

    @Test void exportImportRoundTripGivesAFreshIdOnClash() throws Exception {
        var store = new SpeakerProfileStore(dir.resolve("a"), BUNDLE);
        store.save(profile("anna-0001", "Anna", 1), png(0x00ff00));
        Path file = dir.resolve("anna" + SpeakerProfileStore.EXPORT_EXTENSION);
        store.exportTo("anna-0001", file);
        var other = new SpeakerProfileStore(dir.resolve("b"), BUNDLE);
        SpeakerProfile in = other.importFrom(file);
        assertEquals("anna-0001", in.id());
        assertArrayEquals(store.load("anna-0001").adapter().lora().get("out.A2").data(), in.adapter().lora().get("out.A2").data());
        assertArrayEquals(Files.readAllBytes(store.thumbnail("anna-0001").orElseThrow()),
                Files.readAllBytes(other.thumbnail("anna-0001").orElseThrow()));
        SpeakerProfile again = other.importFrom(file);
        assertNotEquals("anna-0001", again.id());
        assertTrue(again.id().startsWith("anna-"), again.id());
        assertEquals("Anna", again.name());
        assertEquals(2, other.list().size());
    }

    @Test void tamperedOrForeignExportIsRefusedAndWritesNothing() throws Exception {
        var store = new SpeakerProfileStore(dir.resolve("a"), BUNDLE);
        store.save(profile("anna-0001", "Anna", 1), png(1));
        Path file = dir.resolve("anna.adamesh-speaker");
        store.exportTo("anna-0001", file);
        // tamper: change one tensor value inside adapter.json, keep the zip well-formed
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                entries.put(e.getName(), z.readAllBytes());
            }
        }
        String a = new String(entries.get("adapter.json"));
        int at = a.indexOf("\"data\" : \"") + 10;
        entries.put("adapter.json", (a.substring(0, at) + (a.charAt(at) == 'A' ? 'B' : 'A') + a.substring(at + 1)).getBytes());
        Path tampered = dir.resolve("tampered.adamesh-speaker");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(tampered))) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
            }
        }
        var target = new SpeakerProfileStore(dir.resolve("b"), BUNDLE);
        var e1 = assertThrows(SpeakerProfileException.class, () -> target.importFrom(tampered));
        assertTrue(e1.getMessage().contains("checksum"), e1.getMessage());
        var foreign = new SpeakerProfileStore(dir.resolve("b"), OTHER);
        var e2 = assertThrows(SpeakerProfileException.class, () -> foreign.importFrom(file));
        assertTrue(e2.getMessage().contains("adapted for model bundle 'default'"), e2.getMessage());
        Path notZip = Files.writeString(dir.resolve("junk.adamesh-speaker"), "hello");
        var e3 = assertThrows(SpeakerProfileException.class, () -> target.importFrom(notZip));
        assertTrue(e3.getMessage().contains("junk.adamesh-speaker"), e3.getMessage());
        assertFalse(Files.exists(dir.resolve("b")) && Files.list(dir.resolve("b")).findAny().isPresent(),
                "nothing written by refused imports");
    }

    @Test void saveRefusesTensorsOfTheWrongShapeAndANonPngThumbnail() throws Exception {
        var store = new SpeakerProfileStore(dir, BUNDLE);
        SpeakerProfile p = profile("x-0001", "X", 1);
        Map<String, FloatTensor> lora = new LinkedHashMap<>(p.adapter().lora());
        lora.put("out.A2", new FloatTensor(new float[6], new long[] {3, 2}));
        SpeakerProfile wrong = new SpeakerProfile(p.id(), p.name(), p.created(), p.source(),
                new SpeakerAdapter(p.id(), p.adapter().style(), lora), null, -1, p.metrics());
        var e = assertThrows(SpeakerProfileException.class, () -> store.save(wrong, png(1)));
        assertTrue(e.getMessage().contains("out.A2"), e.getMessage());
        assertThrows(SpeakerProfileException.class, () -> store.save(p, new byte[] {1, 2, 3}));
        assertFalse(Files.exists(dir.resolve("x-0001")));
    }

    @Test void newIdIsASlugOfTheName() {
        var store = new SpeakerProfileStore(dir, BUNDLE);
        assertTrue(store.newId("Émile Zola, take 2").matches("mile-zola-take-2-[0-9a-f]{4}"), store.newId("Émile Zola, take 2"));
        assertTrue(store.newId("!!!").matches("speaker-[0-9a-f]{4}"));
    }
}
