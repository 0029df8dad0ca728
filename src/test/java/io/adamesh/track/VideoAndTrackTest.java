package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoAndTrackTest {
    @TempDir Path dir;

    @Test void readsFramesFpsAndDurationOfARenderedVideo() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        for (String ext : List.of("mp4", "mkv", "avi")) {
            Path video = dir.resolve("head." + ext);
            SyntheticFaceVideo.render(model, SyntheticFaceVideo.talkingHead(model), 320, 240, 25, 10, 0.5, video, null);
            try (VideoReader r = new VideoReader(video)) {
                assertEquals(25, r.fps(), 0.01, ext);
                assertEquals(320, r.width());
                assertEquals(0.4, r.durationSeconds(), 0.05, ext);
                int n = 0;
                while (r.next().isPresent()) {
                    n++;
                }
                assertEquals(10, n, ext);
                assertTrue(r.audio().isEmpty(), "no audio track");
            }
        }
    }

    @Test void corruptAndMissingAndAudioOnlyFilesAreNamedInTheError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.mov"), "garbage");
        VideoException e = assertThrows(VideoException.class, () -> new VideoReader(junk));
        assertTrue(e.getMessage().contains("junk.mov"), e.getMessage());
        VideoException missing = assertThrows(VideoException.class, () -> new VideoReader(dir.resolve("nope.webm")));
        assertTrue(missing.getMessage().contains("nope.webm") && missing.getMessage().contains("not found"));
        Path wav = dir.resolve("sound.wav");
        byte[] pcm = new byte[16000 * 2];
        Files.write(wav, io.adamesh.track.TestWav.wav16(pcm, 16000));
        VideoException audioOnly = assertThrows(VideoException.class, () -> new VideoReader(wav));
        assertTrue(audioOnly.getMessage().contains("no video stream"), audioOnly.getMessage());
    }

    @Test void faceTrackKeepsTheFirstFaceAndRejectsAJumpToAnotherOne() {
        FaceTrack t = new FaceTrack();
        FaceBox a = FaceBox.ofSize(100, 100, 80, 80);
        FaceBox far = FaceBox.ofSize(400, 50, 120, 120);
        assertEquals(a, t.update(List.of(a)));
        FaceBox next = t.update(List.of(far, FaceBox.ofSize(104, 101, 80, 80)));
        assertNotNull(next);
        assertTrue(next.iou(a) > 0.8, "stayed on the same face");
        assertNull(t.update(List.of(far)), "a detection elsewhere is rejected");
    }

    @Test void faceTrackRejectsAPartOfTheFaceThatOverlapsIt() {
        FaceTrack t = new FaceTrack();
        FaceBox face = FaceBox.ofSize(163, 95, 214, 214);
        t.update(List.of(face));
        FaceBox eyeAndBrow = FaceBox.ofSize(245, 100, 134, 134);   // measured on a 30-degree turn: IoU 0.39
        assertTrue(eyeAndBrow.iou(face) >= 0.3, "overlaps enough to pass the IoU test alone");
        assertNull(t.update(List.of(eyeAndBrow)), "a box 60 % of the face's size is no match");
        FaceBox moved = FaceBox.ofSize(170, 98, 230, 230);
        assertNotNull(t.update(List.of(eyeAndBrow, moved)), "the face itself still is");
    }

    @Test void unusableFramesAreInterpolatedBetweenNeighbours() {
        double[][] x = {{0}, null, null, {3}, null};
        boolean[] usable = {true, false, false, true, false};
        ClipTracker.interpolate(x, usable, 1);
        assertEquals(1, x[1][0], 1e-9);
        assertEquals(2, x[2][0], 1e-9);
        assertEquals(3, x[4][0], 1e-9);
    }

    @Test void mouthParametersOfFramesThatDidNotSeeTheMouthAreInterpolatedAlone() {
        double[][] x = {{5, 0}, {6, 9}, {7, 9}, {8, 3}, {9, 9}};
        boolean[] seen = {true, false, false, true, false};
        ClipTracker.interpolateParams(x, seen, new int[] {1});
        assertEquals(1, x[1][1], 1e-9);
        assertEquals(2, x[2][1], 1e-9);
        assertEquals(3, x[4][1], 1e-9, "held after the last frame that saw it");
        assertEquals(6, x[1][0], 1e-9, "other parameters untouched");
        double[][] none = {{1, 4}, {2, 5}};
        ClipTracker.interpolateParams(none, new boolean[2], new int[] {1});
        assertEquals(4, none[0][1], 1e-9, "no frame saw it: left as fitted");
    }

    @Test void tooLittleFaceSaysHowManySecondsWereUsable() throws Exception {
        RigFitter fitter = new RigFitter(LandmarkRigTest.openHead(), new PinholeCamera(640, 480, 0.6));
        float[][] none = new float[60][];
        TrackingException e = assertThrows(TrackingException.class, () -> new ClipTracker(fitter).track(none, 30, null));
        assertTrue(e.getMessage().contains("0.0 s of 2.0 s"), e.getMessage());
    }
}
