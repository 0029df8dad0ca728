package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.audio.AudioFileWriter;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.edit.DocumentEdits;
import io.adamesh.timeline.io.ProjectSession;
import io.adamesh.ui.tasks.CurrentThreadTaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open-project view model without a stage: title, save/close questions, recovery, import. */
class StudioDocumentTest {
    @TempDir Path dir;
    final RecordingDialogService dialogs = new RecordingDialogService();

    StudioDocument doc() { return new StudioDocument(dialogs, new CurrentThreadTaskExecutor(), dir.resolve("recovery")); }

    static void edit(StudioDocument d) {
        d.session().jobs().push(DocumentEdits.addMarker(d.project(), 1, "Here"));
    }

    static Path tone(Path file, double seconds, float amplitude) throws IOException {
        float[] s = new float[(int) (seconds * 16_000)];
        for (int i = 0; i < s.length; i++) s[i] = (float) (amplitude * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        AudioFileWriter.writeWav(file, s, 16_000, 1, AudioFileWriter.WavEncoding.PCM_S16);
        return file;
    }

    @Test void titleCarriesADirtyMarkerUntilSaved() {
        StudioDocument d = doc();
        assertEquals("Untitled — AdaMesh Studio", d.titleProperty().get());
        edit(d);
        assertTrue(d.titleProperty().get().startsWith("• "), d.titleProperty().get());
        assertTrue(d.dirtyProperty().get());
        assertTrue(d.saveTo(dir.resolve("take1")));
        assertEquals("take1.adamesh — AdaMesh Studio", d.titleProperty().get());
        assertFalse(d.dirtyProperty().get());
        assertTrue(Files.isRegularFile(dir.resolve("take1.adamesh")));
    }

    @Test void closingWithUnsavedChangesAsksAndCancelKeepsTheDocument() {
        StudioDocument d = doc();
        edit(d);
        ProjectSession before = d.session();
        dialogs.saveChoices.add(DialogService.SaveChoice.CANCEL);
        assertFalse(d.newProject());
        assertSame(before, d.session());
        dialogs.saveChoices.add(DialogService.SaveChoice.DISCARD);
        assertTrue(d.newProject());
        assertFalse(d.session() == before);
        assertEquals(2, dialogs.shown.stream().filter(s -> s.kind().equals("save?")).count());
    }

    @Test void saveChoiceOnAnUntitledDocumentAsksForAFileAndRemembersIt() {
        StudioDocument d = doc();
        List<Path> remembered = new ArrayList<>();
        d.setOnFileChanged(remembered::add);
        edit(d);
        dialogs.saveChoices.add(DialogService.SaveChoice.SAVE);
        dialogs.files.add(dir.resolve("kept.adamesh"));
        assertTrue(d.confirmClose());
        assertTrue(Files.isRegularFile(dir.resolve("kept.adamesh")));
        assertEquals(List.of(dir.resolve("kept.adamesh").toAbsolutePath()), remembered);
    }

    @Test void anAutosaveNewerThanTheFileIsOfferedAndRecovered() throws IOException {
        StudioDocument d = doc();
        Path file = dir.resolve("scene.adamesh");
        d.saveTo(file);
        edit(d);
        assertTrue(d.tickAutosave(1_000));
        Path auto = ProjectSession.autosavePathOf(file);
        Files.setLastModifiedTime(auto, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        // a crash: the studio never closed this document; a new studio opens the file
        StudioDocument fresh = doc();
        dialogs.confirmations.add(true);
        assertTrue(fresh.openFile(file, false));
        assertEquals(1, fresh.project().markers().size(), "the autosaved marker is back");
        assertTrue(fresh.dirtyProperty().get(), "recovered changes are unsaved");
        assertTrue(dialogs.shown.stream().anyMatch(s -> s.kind().equals("confirm") && s.message().contains("scene.adamesh")));
        assertTrue(dialogs.shown.stream().anyMatch(s -> s.kind().equals("info") && s.message().contains("Recovered")));
    }

    @Test void aCorruptProjectIsReportedAndTheOpenDocumentStays() throws IOException {
        StudioDocument d = doc();
        ProjectSession before = d.session();
        Path bad = Files.writeString(dir.resolve("bad.adamesh"), "{ not json");
        assertFalse(d.openFile(bad, false));
        assertSame(before, d.session());
        assertEquals(1, dialogs.errors().size());
        assertTrue(dialogs.errors().get(0).message().contains("bad.adamesh"), dialogs.errors().get(0).message());
    }

    @Test void anImportedReferenceVideoLandsOnItsTrackWithThumbnails() throws IOException {
        var head = io.adamesh.face.FaceModel.load(java.nio.file.Path.of(System.getProperty("adamesh.repo", ".")).resolve("assets/openhead.npz"));
        Path video = dir.resolve("person.mp4");
        io.adamesh.track.SyntheticFaceVideo.render(head, io.adamesh.track.SyntheticFaceVideo.talkingHead(head), 160, 120, 30, 75,
                Math.toRadians(30), video, null);
        StudioDocument d = doc();
        int before = d.project().reference().clips().size();
        d.importReferenceVideo(video);
        assertEquals(before + 1, d.project().reference().clips().size());
        var clip = d.project().reference().clips().get(d.project().reference().clips().size() - 1);
        assertEquals(2.5, clip.sourceDuration(), 0.1, "the clip is as long as the video");
        var thumbs = d.thumbnails().get(clip.path());
        int[] first = thumbs.thumbnail(0);
        assertTrue(first != null && first.length == thumbs.width() * thumbs.height());
        long lit = java.util.Arrays.stream(first).filter(px -> ((px >> 16) & 0xff) > 120).count();
        assertTrue(lit > 20, "the picture shows the (skin-toned) face, not an empty frame: " + lit + " bright pixels");

        Path junk = dir.resolve("junk.mp4");
        java.nio.file.Files.write(junk, new byte[] {1, 2, 3, 4});
        d.importReferenceVideo(junk);
        assertEquals(before + 1, d.project().reference().clips().size(), "a broken video changes nothing");
        assertTrue(dialogs.shown.get(dialogs.shown.size() - 1).message().contains("junk.mp4"), "the error names the file");
    }

    @Test void importedAudioBecomesAVoiceClipAtThePlayheadWithItsWaveform() throws IOException {
        StudioDocument d = doc();
        Path wav = tone(dir.resolve("line.wav"), 1.5, 0.5f);
        d.timeline().seek(2.0);
        d.importAudio(wav);
        assertTrue(dialogs.errors().isEmpty(), dialogs.shown.toString());
        List<MediaClip> voice = d.project().voice().clips();
        assertEquals(1, voice.size());
        assertEquals(2.0, voice.get(0).offset(), 1e-9);
        assertEquals(1.5, voice.get(0).sourceDuration(), 0.01);
        assertTrue(d.audioOf(wav.toAbsolutePath().toString()).isPresent());
        assertEquals("Undo Add voice clip", d.timeline().undoTextProperty().get());
        assertEquals(1, d.mediaRevisionProperty().get());
    }

    @Test void aFileThatIsNotAudioIsNamedInAnErrorAndNothingChanges() throws IOException {
        StudioDocument d = doc();
        Path txt = Files.writeString(dir.resolve("notes.wav"), "hello, I am text");
        long rev = d.timeline().revisionProperty().get();
        d.importAudio(txt);
        assertEquals(1, dialogs.errors().size());
        String msg = dialogs.errors().get(0).message();
        assertTrue(msg.contains("notes.wav"), msg);
        assertTrue(d.project().voice().clips().isEmpty());
        assertEquals(rev, d.timeline().revisionProperty().get());
        assertFalse(d.dirtyProperty().get());
    }

    @Test void aSilentFileIsRefusedWithTheReason() throws IOException {
        StudioDocument d = doc();
        d.importAudio(tone(dir.resolve("quiet.wav"), 1, 0f));
        assertEquals(1, dialogs.errors().size());
        assertTrue(dialogs.errors().get(0).message().contains("silent"), dialogs.errors().get(0).message());
        assertTrue(d.project().voice().clips().isEmpty());
    }

    @Test void missingMediaIsReportedOnOpenAndCanBeRelinked() throws IOException {
        StudioDocument d = doc();
        Path wav = tone(dir.resolve("voice.wav"), 1, 0.4f);
        d.importAudio(wav);
        Path file = dir.resolve("p.adamesh");
        d.saveTo(file);
        Path moved = Files.move(wav, dir.resolve("moved.wav"));
        StudioDocument again = doc();
        assertTrue(again.openFile(file, false));
        assertEquals(1, again.offlineClips().size());
        assertTrue(dialogs.shown.stream().anyMatch(s -> s.kind().equals("info") && s.message().contains("voice.wav")));
        dialogs.files.add(moved);
        again.relinkMissing();
        assertTrue(again.offlineClips().isEmpty());
        assertEquals(moved.toAbsolutePath().toString(), again.project().voice().clips().get(0).path());
        assertNotNull(again.audio().get(moved.toAbsolutePath().toString()), "relinked media is decoded");
    }
}
