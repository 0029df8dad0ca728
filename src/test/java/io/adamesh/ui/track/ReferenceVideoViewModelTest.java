package io.adamesh.ui.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.track.TrackingDataFiles;
import io.adamesh.ui.track.ReferenceVideoViewModel.FrameStatus;
import io.adamesh.ui.track.ReferenceVideoViewModel.MessageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference panel's view model without a Stage: background work runs on the test's thread. */
class ReferenceVideoViewModelTest {
    @TempDir static Path dir;
    static Path shortVideo;

    @BeforeAll static void render() throws Exception {
        shortVideo = ReferenceVideos.talking(dir, "short.mp4", 320, 240, 15, 3);
    }

    static ReferenceVideoViewModel vm(TrackingDataFiles files) throws Exception {
        return new ReferenceVideoViewModel(ReferenceVideos.openHead(), files, TaskRunner.sameThread());
    }

    @Test void opensAVideoWithItsFrameCountFpsAndTheRangeClampedToIt() throws Exception {
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(shortVideo);
        assertTrue(vm.loadedProperty().get(), vm.messageProperty().get());
        assertEquals(45, vm.frameCountProperty().get());
        assertEquals(15, vm.fpsProperty().get(), 1e-6);
        assertEquals(3.0, vm.durationSecondsProperty().get(), 0.05);
        assertEquals(0, vm.rangeStartProperty().get());
        assertEquals(45, vm.rangeEndProperty().get(), "default 10 s clamped to a 3 s video");
        assertEquals(0, vm.frameViewProperty().get().index());
        assertEquals(320, vm.frameViewProperty().get().frame().width());
    }

    @Test void defaultRangeIsTenSecondsFromTheStart() throws Exception {
        Path longer = ReferenceVideos.talking(dir, "long.avi", 96, 72, 10, 12);
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(longer);
        assertEquals(120, vm.frameCountProperty().get());
        assertEquals(0, vm.rangeStartProperty().get());
        assertEquals(100, vm.rangeEndProperty().get());
        assertEquals(10.0, vm.rangeEndSeconds(), 1e-9);
    }

    @Test void scrubbingShowsTheRequestedFrameAndSeeksBackwards() throws Exception {
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(shortVideo);
        vm.seek(30);
        assertEquals(30, vm.frameViewProperty().get().index());
        assertEquals(2.0, vm.frameViewProperty().get().frame().seconds(), 0.5 / 15);
        byte[] at30 = vm.frameViewProperty().get().frame().rgb().clone();
        vm.seek(5);
        assertEquals(5 / 15.0, vm.frameViewProperty().get().frame().seconds(), 0.5 / 15);
        vm.seek(30);
        assertTrue(java.util.Arrays.equals(at30, vm.frameViewProperty().get().frame().rgb()),
                "seeking back to a frame decodes the same picture");
        vm.seek(1000);
        assertEquals(44, vm.currentFrameProperty().get(), "clamped to the last frame");
        assertTrue(vm.timeTextProperty().get().contains("frame 45 / 45"), vm.timeTextProperty().get());
    }

    @Test void rangeIsClampedAndNeverEmpty() throws Exception {
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(shortVideo);
        vm.setRange(-5, 500);
        assertEquals(0, vm.rangeStartProperty().get());
        assertEquals(45, vm.rangeEndProperty().get());
        vm.setRange(30, 10);
        assertEquals(30, vm.rangeStartProperty().get());
        assertEquals(31, vm.rangeEndProperty().get());
        vm.setRangeSeconds(1.0, 2.5);
        assertEquals(15, vm.rangeStartProperty().get());
        assertEquals(38, vm.rangeEndProperty().get());
    }

    @Test void missingDlibDataDisablesOnlyTrackingAndSaysHowToInstallIt() throws Exception {
        Path none = Files.createDirectories(dir.resolve("no-data"));
        var vm = vm(TrackingDataFiles.onlyIn(List.of(none)));
        assertFalse(vm.trackingAvailableProperty().get());
        assertEquals(MessageKind.WARNING, vm.messageKindProperty().get());
        String m = vm.messageProperty().get();
        assertTrue(m.contains("apt-get install libdlib-data"), m);
        assertTrue(m.contains("shape_predictor_68_face_landmarks.dat"), m);
        vm.open(shortVideo);
        assertTrue(vm.loadedProperty().get(), "the video still opens");
        assertEquals(45, vm.frameCountProperty().get());
        assertFalse(vm.canTrackProperty().get());
        assertTrue(vm.messageProperty().get().contains("libdlib-data"), "the reason stays visible");
        vm.trackRange();
        assertNull(vm.trackedClipProperty().get());
    }

    @Test void aCorruptFileIsNamedWithItsProblem() throws Exception {
        Path junk = Files.writeString(dir.resolve("holiday.mov"), "this is not a video");
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(junk);
        assertFalse(vm.loadedProperty().get());
        assertEquals(MessageKind.ERROR, vm.messageKindProperty().get());
        String m = vm.messageProperty().get();
        assertTrue(m.contains("holiday.mov") && m.contains("corrupt or unsupported"), m);
        assertFalse(vm.canTrackProperty().get());
    }

    @Test void aVideoWithoutAFaceSaysNoFaceWasFound() throws Exception {
        Path empty = ReferenceVideos.empty(dir, "empty.mp4", 10, 2);
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(empty);
        vm.trackRange();
        assertFalse(vm.trackingProperty().get());
        assertEquals(MessageKind.ERROR, vm.messageKindProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("No face was found"), vm.messageProperty().get());
        assertNull(vm.trackedClipProperty().get());
    }

    @Test void tooLittleUsableFaceReportsTheUsableSeconds() throws Exception {
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(shortVideo);
        vm.setRange(0, 10);   // 0.67 s: less than the 1 s the tracker needs
        vm.trackRange();
        assertEquals(MessageKind.ERROR, vm.messageKindProperty().get());
        String m = vm.messageProperty().get();
        assertTrue(m.startsWith("Too little usable face") && m.contains(" s of 0.7 s"), m);
    }

    @Test void trackingCanBeCancelledFromItsProgress() throws Exception {
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(shortVideo);
        vm.progressProperty().addListener((o, a, p) -> {
            if (p.doubleValue() > 0.2) {
                vm.cancelTracking();
            }
        });
        vm.trackRange();
        assertFalse(vm.trackingProperty().get());
        assertEquals("Tracking cancelled.", vm.messageProperty().get());
        assertNull(vm.trackedClipProperty().get());
        assertEquals(FrameStatus.NOT_TRACKED, vm.statusOf(10));
    }

    @Test void trackingTheRangeGivesLandmarksAFittedHeadAndPerFrameStatus() throws Exception {
        var vm = vm(TrackingDataFiles.fromEnvironment());
        vm.open(shortVideo);
        vm.setRange(15, 45);
        vm.trackRange();
        var tc = vm.trackedClipProperty().get();
        assertNotNull(tc, vm.messageProperty().get());
        assertEquals(30, tc.clip().frameCount());
        assertEquals(15, vm.currentFrameProperty().get(), "moved into the tracked range");
        var v = vm.frameViewProperty().get();
        assertEquals(15, v.index());
        assertNotNull(v.fittedHead());
        assertEquals(FrameStatus.NOT_TRACKED, vm.statusOf(14));
        assertTrue(vm.statusOf(20) != FrameStatus.NOT_TRACKED);
        assertTrue(vm.messageProperty().get().startsWith("Tracked 30 frames"), vm.messageProperty().get());
        assertNotNull(vm.frameViewProperty().get().frame());
        vm.seek(3);
        assertNull(vm.frameViewProperty().get().landmarks(), "outside the tracked range");
        assertNull(vm.frameViewProperty().get().fittedHead());
    }
}
