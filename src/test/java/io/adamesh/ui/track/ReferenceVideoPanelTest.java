package io.adamesh.ui.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.track.TrackingDataFiles;
import io.adamesh.track.VideoReader.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The panel in a (headless) Stage, driven through its controls; background work runs synchronously. */
@ExtendWith(ApplicationExtension.class)
class ReferenceVideoPanelTest {
    @TempDir static Path dir;
    static Path video;
    private Stage stage;

    @BeforeAll static void render() throws Exception {
        video = ReferenceVideos.talking(dir, "talk.mp4", 400, 300, 15, 3);
    }

    @Start void start(Stage stage) { this.stage = stage; }

    private ReferenceVideoPanel show(FxRobot robot, TrackingDataFiles files) throws Exception {
        var vm = new ReferenceVideoViewModel(ReferenceVideos.openHead(), files, TaskRunner.sameThread());
        ReferenceVideoPanel[] p = new ReferenceVideoPanel[1];
        robot.interact(() -> {
            p[0] = new ReferenceVideoPanel(vm);
            stage.setScene(new Scene(p[0], 1100, 620));
            stage.show();
        });
        return p[0];
    }

    @Test void tracksTheRangeAndOverlaysLandmarksBesideTheFittedHead(FxRobot robot) throws Exception {
        ReferenceVideoPanel panel = show(robot, TrackingDataFiles.fromEnvironment());
        var vm = panel.viewModel();
        Button track = robot.lookup("#reference-track").queryAs(Button.class);
        assertTrue(track.isDisabled(), "nothing to track before a video is open");
        robot.interact(() -> vm.open(video));
        assertEquals(45, vm.frameCountProperty().get());
        assertEquals(15, vm.fpsProperty().get(), 1e-6);
        assertFalse(track.isDisabled());
        assertNotNull(panel.videoView().imageView().getImage(), "first frame shown");
        assertEquals(0, panel.videoView().drawnPoints().length, "no landmarks before tracking");

        // move the range: press I at frame 12 on the scrub bar, then O at frame 40
        robot.interact(() -> vm.seek(12));
        robot.clickOn("#reference-scrub");        // focus (also scrubs to the click)
        robot.interact(() -> vm.seek(12));
        robot.type(javafx.scene.input.KeyCode.I);
        robot.interact(() -> vm.seek(40));
        robot.type(javafx.scene.input.KeyCode.O);
        assertEquals(12, vm.rangeStartProperty().get());
        assertEquals(41, vm.rangeEndProperty().get());
        assertTrue(robot.lookup("#reference-range").queryAs(Label.class).getText().contains("0:00.800 - 0:02.733"),
                robot.lookup("#reference-range").queryAs(Label.class).getText());

        robot.clickOn("#reference-track");
        var tc = vm.trackedClipProperty().get();
        assertNotNull(tc, vm.messageProperty().get());
        assertEquals(29, tc.clip().frameCount());
        robot.interact(() -> vm.seek(20));

        // 68 points drawn, and they lie on the head, not on the backdrop
        double[] pts = panel.videoView().drawnPoints();
        assertEquals(68 * 2, pts.length);
        VideoFrame frame = panel.videoView().frameView().frame();
        double s = panel.videoView().pictureBounds().getWidth() / frame.width();
        int onFace = 0;
        for (int i = 0; i < 68; i++) {
            int x = (int) Math.round(pts[2 * i] / s), y = (int) Math.round(pts[2 * i + 1] / s);
            assertTrue(x >= 0 && y >= 0 && x < frame.width() && y < frame.height(), "point " + i + " in the picture");
            int k = 3 * (y * frame.width() + x);
            int d = Math.abs((frame.rgb()[k] & 0xff) - 0x3a) + Math.abs((frame.rgb()[k + 1] & 0xff) - 0x3f)
                    + Math.abs((frame.rgb()[k + 2] & 0xff) - 0x47);
            if (d > 30) {
                onFace++;
            }
        }
        assertTrue(onFace >= 60, onFace + " of 68 landmarks on the head");
        // the overlay canvas really has the dots
        WritableImage overlay = snapshotOverlay(robot, panel);
        assertTrue(countNear(overlay, VideoFrameView.USABLE) + countNear(overlay, VideoFrameView.FLAGGED) > 68,
                "landmark dots drawn");
        assertTrue(countNear(overlay, VideoFrameView.BOX) > 20, "face box drawn");

        // the fitted head beside it is a render, not an empty image
        Image head = panel.fittedHeadView().getImage();
        assertNotNull(head);
        int bg = 0, total = 0;
        PixelReader r = head.getPixelReader();
        for (int y = 0; y < head.getHeight(); y += 2) {
            for (int x = 0; x < head.getWidth(); x += 2) {
                total++;
                if ((r.getArgb(x, y) & 0xffffff) == FrameDecoder.HEAD_BACKGROUND) {
                    bg++;
                }
            }
        }
        assertTrue(total - bg > total / 10, "head covers " + (total - bg) + " of " + total + " samples");
        // confidence strip drawn in green for tracked usable frames
        WritableImage strip = snapshotStrip(robot, panel);
        assertTrue(countNear(strip, ScrubBar.USABLE) > 50, "green usable frames in the strip");
    }

    @Test void missingDlibDataShowsTheInstallLineAndDisablesOnlyTracking(FxRobot robot) throws Exception {
        Path none = Files.createDirectories(dir.resolve("empty-data"));
        ReferenceVideoPanel panel = show(robot, TrackingDataFiles.onlyIn(List.of(none)));
        robot.interact(() -> panel.viewModel().open(video));
        String m = robot.lookup("#reference-message").queryAs(Label.class).getText();
        assertTrue(m.contains("sudo apt-get install libdlib-data"), m);
        assertTrue(robot.lookup("#reference-track").queryAs(Button.class).isDisabled());
        assertFalse(robot.lookup("#reference-set-in").queryAs(Button.class).isDisabled(), "the rest still works");
        assertNotNull(panel.videoView().imageView().getImage(), "the video still shows");
    }

    @Test void aCorruptVideoIsReportedInTheMessageLine(FxRobot robot) throws Exception {
        Path junk = Files.write(dir.resolve("broken.webm"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ReferenceVideoPanel panel = show(robot, TrackingDataFiles.fromEnvironment());
        robot.interact(() -> panel.viewModel().open(junk));
        Label msg = robot.lookup("#reference-message").queryAs(Label.class);
        assertTrue(msg.getText().contains("broken.webm") && msg.getText().contains("Cannot open the video"), msg.getText());
        assertTrue(msg.getStyle().contains("#ff7b72"), "shown as an error");
        assertTrue(robot.lookup("#reference-track").queryAs(Button.class).isDisabled());
    }

    private static javafx.scene.SnapshotParameters transparent() {
        var p = new javafx.scene.SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        return p;
    }

    private static WritableImage snapshotOverlay(FxRobot robot, ReferenceVideoPanel panel) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = panel.videoView().overlay().snapshot(transparent(), null));
        return img[0];
    }

    private static WritableImage snapshotStrip(FxRobot robot, ReferenceVideoPanel panel) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = panel.scrubBar().snapshot(transparent(), null));
        return img[0];
    }

    private static int countNear(Image img, Color c) {
        PixelReader r = img.getPixelReader();
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color p = r.getColor(x, y);
                if (p.getOpacity() > 0.9 && Math.abs(p.getRed() - c.getRed()) < 0.08
                        && Math.abs(p.getGreen() - c.getGreen()) < 0.08 && Math.abs(p.getBlue() - c.getBlue()) < 0.08) {
                    n++;
                }
            }
        }
        return n;
    }
}
