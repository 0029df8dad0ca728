package io.adamesh.timeline.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.timeline.Key;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TangentMode;
import io.adamesh.timeline.TestProjects;
import io.adamesh.timeline.TrackKind;
import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.edit.DocumentEdits;
import io.adamesh.timeline.edit.KeyEdits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFilesTest {
    @TempDir
    Path dir;

    /** A project whose media lie in dir/media, with sparse and dense curves. */
    private Project project() throws Exception {
        Files.createDirectories(dir.resolve("media"));
        Files.write(dir.resolve("media/voice.wav"), new byte[] {1});
        Files.write(dir.resolve("media/ref.mp4"), new byte[] {1});
        Project p = TestProjects.project(8);
        p.voice().setAll(List.of(MediaClip.whole("voice", dir.resolve("media/voice.wav").toString(), 8, 0)));
        p.reference().setAll(List.of(MediaClip.whole("ref", dir.resolve("media/ref.mp4").toString(), 4, 1)));
        List<Key> dense = new ArrayList<>();
        for (int i = 0; i < 200; i++) dense.add(new Key(p.newId(), i / 30.0, Math.sin(i / 9.0), TangentMode.values()[i % 4], i, -i, io.adamesh.timeline.Blend.values()[i % 2]));
        p.layer("fix").curveOrCreate("jawOpen").setKeys(dense);
        p.layer("edit").curveOrCreate("browInnerUp").setKeys(List.of(new Key(p.newId(), 1, 0.25, TangentMode.FREE, 0.5, -0.5, io.adamesh.timeline.Blend.ADD)));
        p.layer("edit").setMuted(true);
        return p;
    }

    @Test
    void roundTripKeepsEverythingAndStoresMediaRelative() throws Exception {
        Project p = project();
        Path file = dir.resolve("scene.adamesh");
        ProjectIO.save(p, file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"media/voice.wav\""), json);
        assertTrue(json.contains("dense_keys"));
        ProjectIO.Loaded l = ProjectIO.read(file);
        assertEquals(List.of(), l.missingMedia());
        assertEquals(TestProjects.describe(p, true), TestProjects.describe(l.project(), true));
        assertArrayEquals(p.animation().find("anim").clip().pose(), l.project().animation().find("anim").clip().pose());
        assertEquals(p.nextIdValue(), l.project().nextIdValue());
        // saving again replaces the sidecar and leaves exactly one, and no temporary files
        ProjectIO.save(l.project(), file);
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(x -> x.getFileName().toString()).sorted().toList();
            assertEquals(3, names.size(), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".part")));
        }
    }

    @Test
    void movedProjectFolderStillFindsMediaAndMissingMediaIsOfflineAndRelinkable() throws Exception {
        Project p = project();
        Path file = dir.resolve("scene.adamesh");
        ProjectIO.save(p, file);
        Path moved = dir.resolveSibling(dir.getFileName() + "-moved");
        Files.move(dir, moved);
        try {
            ProjectIO.Loaded l = ProjectIO.read(moved.resolve("scene.adamesh"));
            assertEquals(List.of(), l.missingMedia());
            Files.delete(moved.resolve("media/voice.wav"));
            ProjectSession s = ProjectSession.open(moved.resolve("scene.adamesh"));
            assertEquals(List.of("media/voice.wav"), s.missingMedia());
            assertTrue(s.project().voice().find("voice").offline());
            assertFalse(s.project().reference().find("ref").offline());
            assertTrue(s.notices().get(0).contains("media/voice.wav"));
            Files.write(moved.resolve("other.wav"), new byte[] {2});
            s.jobs().push(ClipEdits.relink(s.project(), TrackKind.VOICE, "voice", moved.resolve("other.wav").toString(), false));
            assertFalse(s.project().voice().find("voice").offline());
            s.save();
            assertEquals(List.of(), ProjectSession.open(moved.resolve("scene.adamesh")).missingMedia());
        } finally {
            Files.move(moved, dir);
        }
    }

    @Test
    void corruptFileGivesAClearMessageAndIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("bad.adamesh");
        Files.writeString(file, "{\"format\": \"adamesh-project\", \"version\": 1, \"tracks\": [tru");
        byte[] before = Files.readAllBytes(file);
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectSession.open(file));
        assertTrue(e.getMessage().contains("bad.adamesh is damaged"), e.getMessage());
        ProjectFormatException save = assertThrows(ProjectFormatException.class, () -> ProjectIO.save(TestProjects.project(1), file));
        assertTrue(save.getMessage().startsWith("Not saving over bad.adamesh"), save.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void newerVersionIsRefusedWithTheVersionsNamed() throws Exception {
        Path file = dir.resolve("future.adamesh");
        ProjectIO.save(project(), file);
        Files.writeString(file, Files.readString(file).replace("\"version\" : 1", "\"version\" : 7"));
        byte[] before = Files.readAllBytes(file);
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectIO.read(file));
        assertTrue(e.getMessage().contains("newer AdaMesh Studio (project format 7; this version reads up to 1)"), e.getMessage());
        assertThrows(ProjectFormatException.class, () -> ProjectIO.save(TestProjects.project(1), file));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void damagedOrMissingSidecarIsReported() throws Exception {
        Path file = dir.resolve("scene.adamesh");
        ProjectIO.save(project(), file);
        Path side = ProjectIO.sidecars(file).get(0);
        byte[] b = Files.readAllBytes(side);
        b[b.length / 2] ^= 0x55;
        Files.write(side, b);
        assertTrue(assertThrows(ProjectFormatException.class, () -> ProjectIO.read(file)).getMessage().contains("checksum"));
        Files.delete(side);
        assertTrue(assertThrows(ProjectFormatException.class, () -> ProjectIO.read(file)).getMessage().contains("is missing"));
    }

    @Test
    void crashAfterAutosaveOffersRecoveryWithANotice() throws Exception {
        Path file = dir.resolve("scene.adamesh");
        ProjectIO.save(project(), file);
        ProjectSession s = ProjectSession.open(file);
        long[] now = {0};
        Autosaver auto = new Autosaver(s, 60_000, e -> { throw new AssertionError(e); });
        assertFalse(auto.tick(now[0]), "nothing to autosave while clean");
        s.jobs().push(KeyEdits.addKey(s.project(), "edit", "jawOpen", 2, 0.4, TangentMode.SMOOTH));
        s.jobs().push(DocumentEdits.addMarker(s.project(), 3, "after crash?"));
        now[0] += 30_000;
        assertFalse(auto.tick(now[0]), "not before the interval");
        now[0] += 31_000;
        assertTrue(auto.tick(now[0]));
        String edited = TestProjects.describe(s.project(), true);
        // the main file is older than the autosave; the process "dies" here without closing
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        byte[] mainBytes = Files.readAllBytes(file);
        var recovery = ProjectSession.recoveryFor(file);
        assertTrue(recovery.isPresent());
        ProjectSession recovered = ProjectSession.openRecovered(recovery.get());
        assertEquals(edited, TestProjects.describe(recovered.project(), true));
        assertTrue(recovered.isDirty());
        assertTrue(recovered.notices().get(0).startsWith("Recovered unsaved changes"), recovered.notices().toString());
        assertArrayEquals(mainBytes, Files.readAllBytes(file), "recovery does not touch the main file");
        recovered.save();
        assertFalse(Files.exists(ProjectSession.autosavePathOf(file)));
        assertTrue(ProjectSession.recoveryFor(file).isEmpty());
        assertEquals(edited, TestProjects.describe(ProjectSession.open(file).project(), true));
    }

    @Test
    void cleanCloseLeavesNothingToRecover() throws Exception {
        Path file = dir.resolve("scene.adamesh");
        ProjectIO.save(project(), file);
        ProjectSession s = ProjectSession.open(file);
        s.jobs().push(DocumentEdits.addMarker(s.project(), 3, "x"));
        assertTrue(s.autosaveIfNeeded());
        assertFalse(s.autosaveIfNeeded(), "unchanged since the last autosave");
        s.close();
        assertTrue(ProjectSession.recoveryFor(file).isEmpty());
    }
}
