package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Bad input at start-up: the studio still opens, and says what went wrong through the dialog service. */
@ExtendWith(ApplicationExtension.class)
class StudioWindowTest {
    @TempDir Path dir;
    private Stage stage;

    @Start void start(Stage stage) { this.stage = stage; }

    private StudioWindow open(FxRobot robot, HeadLoader.Result head, RecordingDialogService dialogs) {
        StudioWindow[] w = new StudioWindow[1];
        robot.interact(() -> {
            w[0] = new StudioWindow(head, StudioSettings.defaults(), dialogs);
            stage.setScene(new Scene(w[0].root(), 1000, 700));
            stage.show();
            w[0].reportStartupProblems();
        });
        return w[0];
    }

    @Test void aMissingHeadFileIsNamedInADialogAndTheStudioStillOpens(FxRobot robot) {
        Path missing = dir.resolve("openhead.npz");
        RecordingDialogService dialogs = new RecordingDialogService();
        StudioWindow w = open(robot, HeadLoader.load(missing), dialogs);
        assertEquals(1, dialogs.shown.size());
        RecordingDialogService.Shown d = dialogs.shown.get(0);
        assertEquals("error", d.kind());
        assertTrue(d.message().contains(missing.toString()), d.message());
        assertTrue(d.message().contains("not found"), d.message());
        assertTrue(stage.isShowing());
        assertFalse(w.viewport().hasHead());
        assertNull(w.headMesh());
        Slider jaw = robot.lookup("#slider-pose-jawOpen").queryAs(Slider.class);
        assertTrue(jaw.isDisabled(), "sliders are disabled without a head");
        assertTrue(w.statusMessage().getText().contains("openhead.npz"));
    }

    @Test void aCorruptHeadFileIsNamedWithItsProblem(FxRobot robot) throws IOException {
        Path bad = dir.resolve("broken.npz");
        Files.writeString(bad, "this is not a zip archive");
        RecordingDialogService dialogs = new RecordingDialogService();
        HeadLoader.Result r = HeadLoader.load(bad);
        assertFalse(r.ok());
        open(robot, r, dialogs);
        assertEquals(1, dialogs.shown.size());
        String msg = dialogs.shown.get(0).message();
        assertTrue(msg.contains("broken.npz") && msg.contains("could not be read"), msg);
    }

    @Test void aGoodHeadOpensWithoutDialogsAndEnabledSliders(FxRobot robot) throws IOException {
        Path file = dir.resolve("head.npz");
        TestHeads.head().save(file);
        RecordingDialogService dialogs = new RecordingDialogService();
        StudioWindow w = open(robot, HeadLoader.load(file), dialogs);
        assertTrue(dialogs.shown.isEmpty());
        assertTrue(w.viewport().hasHead());
        assertFalse(robot.lookup("#slider-pose-jawOpen").queryAs(Slider.class).isDisabled());
        assertEquals(4, w.headMesh().views().size(), "one mesh per part");
    }

    @Test void windowStateIsCapturedForTheSettings(FxRobot robot) throws IOException {
        Path file = dir.resolve("head.npz");
        TestHeads.head().save(file);
        StudioWindow w = open(robot, HeadLoader.load(file), new RecordingDialogService());
        robot.interact(() -> w.viewModel().control("expr:browInnerUp").set(0.5));
        StudioSettings s = StudioSettings.defaults();
        w.captureInto(s);
        assertEquals(0.5, s.sliders.get("expr:browInnerUp"));
        assertTrue(s.camera.distance > 0);
    }
}
