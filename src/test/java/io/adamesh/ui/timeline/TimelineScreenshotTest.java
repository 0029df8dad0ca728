package io.adamesh.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.timeline.ChannelGroup;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.SampleProjects;
import io.adamesh.timeline.draw.PeakSource;
import io.adamesh.timeline.edit.JobManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Renders the timeline with a 60-s sample project to {@code target/timeline.png} (and to the folder
 * in system property {@code adamesh.shots}, if set), and measures canvas redraws of a 10-minute project
 * while scrolling at 100 px/s (printed; the figures go into the issue note).
 */
@ExtendWith(ApplicationExtension.class)
class TimelineScreenshotTest {
    @Start
    void start(Stage stage) {
        // the scenes below are rendered off-screen
    }

    /** A speech-like envelope with per-sample wobble, like a real waveform's peaks. */
    static PeakSource speechPeaks() {
        return (from, to, columns, outMin, outMax) -> {
            double span = (to - from) / columns;
            for (int c = 0; c < columns; c++) {
                double t = from + c * span, m = 0;
                for (int k = 0; k < 4; k++) m = Math.max(m, SampleProjects.speech(t + k * span / 4));
                double noise = 0.02 + 0.15 * Math.abs(Math.sin(t * 913.7));
                double a = t < 0 ? 0 : Math.min(1, m * (0.8 + 0.4 * Math.abs(Math.sin(t * 377.1))) + noise);
                outMax[c] = (float) a;
                outMin[c] = (float) -a * 0.9f;
            }
        };
    }

    private TimelineView show(FxRobot robot, Project p, double w, double h) {
        TimelineView[] v = new TimelineView[1];
        robot.interact(() -> {
            TimelineViewModel vm = new TimelineViewModel(p, new JobManager());
            v[0] = new TimelineView(vm);
            v[0].setPeaks("voice1", speechPeaks());
            // not shown: the headless screen (1280x800) is smaller than the picture; snapshots lay out the scene
            Scene scene = new Scene(v[0], w, h);
            scene.getRoot().applyCss();
            scene.getRoot().layout();
        });
        return v[0];
    }

    @Test
    void rendersA60SecondProjectAndRedrawsA10MinuteOneQuickly(FxRobot robot) throws Exception {
        Project p = SampleProjects.speech(60, 30);
        TimelineView view = show(robot, p, 1400, 740);
        // real pictures on the reference clip: a short render of our head, decoded like an import
        var head = io.adamesh.face.FaceModel.load(Path.of(System.getProperty("adamesh.repo", ".")).resolve("assets/openhead.npz"));
        Path video = Files.createTempFile("adamesh-thumbs", ".mp4");
        io.adamesh.track.SyntheticFaceVideo.render(head, io.adamesh.track.SyntheticFaceVideo.talkingHead(head), 192, 120, 10, 40,
                Math.toRadians(30), video, null);
        var thumbs = io.adamesh.ui.VideoThumbnails.decode(video, () -> false);
        Files.deleteIfExists(video);
        robot.interact(() -> p.reference().clips().forEach(c -> view.setThumbnails(c.id(), thumbs)));
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> {
            TimelineViewModel vm = view.viewModel();
            vm.expandedProperty().set(Set.of(ChannelGroup.JAW, ChannelGroup.BROWS));
            vm.zoomToFit();
            vm.seek(12.3);
            vm.select(Set.of());
            view.layout();
            view.redraw();
            img[0] = view.snapshot(null, null);
        });
        Path out = Path.of("target/timeline.png");
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.toFile());
        String shots = System.getProperty("adamesh.shots");
        if (shots != null) {
            Files.createDirectories(Path.of(shots));
            Files.copy(out, Path.of(shots, "timeline.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // the playhead is drawn in its colour at its x
        double px = view.geometry().x(12.3);
        javafx.scene.paint.Color c = img[0].getPixelReader().getColor((int) Math.floor(px), 300);
        assertTrue(c.getRed() > 0.9 && c.getGreen() > 0.45 && c.getBlue() < 0.35, "playhead colour at x=" + px + ": " + c);
        // Redraw speed on a 10-minute project is a benchmark: ./adamesh bench --only timeline
    }
}
