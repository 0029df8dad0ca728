package io.adamesh.ui.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.audio.AudioPlayer;
import io.adamesh.audio.SimulatedOutputLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class AudioTransportUiTest {
    private static final int W = 400;
    private static final int H = 100;
    private SimulatedOutputLine.Clock clock;
    private AudioPlayer player;
    private AudioTrackViewModel model;
    private WaveformView waveform;

    /** 2 s: a loud 5 Hz wobble for 1 s (full swings visible), then quiet. */
    static float[] track() {
        float[] x = new float[32_000];
        for (int i = 0; i < x.length; i++) {
            double amp = i < 16_000 ? 0.8 : 0.1;
            x[i] = (float) (amp * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        }
        return x;
    }

    @Start
    void start(Stage stage) {
        clock = SimulatedOutputLine.Clock.system();   // real time: the test clicks at human pace
        float[] samples = track();
        player = new AudioPlayer(samples, new SimulatedOutputLine(clock, 1600, 0));
        model = new AudioTrackViewModel(samples, player);
        waveform = new WaveformView(model);
        waveform.setPrefSize(W, H);
        waveform.setMaxSize(W, H);
        LevelMeter meter = new LevelMeter();
        meter.rmsDbProperty().set(-12);
        stage.setScene(new Scene(new VBox(waveform, new TransportBar(model), meter), W, 200));
        stage.show();
    }

    @AfterEach
    void close() {
        player.close();
    }

    @Test
    void viewModelTracksPlayerAndFormatsTime(FxRobot robot) {
        robot.interact(this::checkViewModel);
    }

    private void checkViewModel() {
        assertEquals("0:00.0 / 0:02.0", model.timeTextProperty().get());
        model.seek(1.25);
        assertEquals(1.25, model.positionProperty().get(), 1e-9);
        assertEquals("0:01.3 / 0:02.0", model.timeTextProperty().get());
        model.seek(5);
        assertEquals(2.0, model.positionProperty().get(), 1e-9, "seek clamps to the track");
        model.loopProperty().set(true);
        assertTrue(player.looping());
        model.zoom(0.5, 1.0);
        assertEquals(0.5, model.viewStartProperty().get(), 1e-9);
        assertEquals(1.5, model.viewEndProperty().get(), 1e-9);
    }

    @Test
    void playButtonTogglesPlaybackAndLabel(FxRobot robot) {
        Button play = robot.lookup("#transport-play").queryAs(Button.class);
        assertEquals("Play", play.getText());
        robot.clickOn("#transport-play");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model.playingProperty().get());
        assertEquals("Pause", play.getText());
        robot.sleep(300);
        robot.clickOn("#transport-play");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(model.playingProperty().get());
        assertTrue(model.positionProperty().get() >= 0.3, "clock advanced: " + model.positionProperty().get());
        robot.clickOn("#transport-loop");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#transport-loop").queryAs(ToggleButton.class).isSelected());
        assertTrue(model.loopProperty().get());
        String text = robot.lookup("#transport-time").queryAs(Label.class).getText();
        assertTrue(text.endsWith("/ 0:02.0"), text);
    }

    @Test
    void waveformSnapshotShowsEnvelopeAndPlayhead() throws Exception {
        robotSeek(0.5);
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        javafx.application.Platform.runLater(() -> shot.set(waveform.snapshot(null, null)));
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = shot.get();
        Path out = Path.of("target", "ui-snapshots");
        Files.createDirectories(out);
        javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.resolve("waveform.png").toFile());
        PixelReader px = image.getPixelReader();
        assertEquals(W, (int) image.getWidth());
        // Loud half: the envelope reaches near the top (0.8 of the half-height); quiet half stays near the axis.
        assertTrue(isWave(px.getColor(50, (int) (H / 2 - 0.7 * H / 2))), "loud envelope drawn");
        assertFalse(isWave(px.getColor(300, (int) (H / 2 - 0.3 * H / 2))), "quiet envelope small");
        assertTrue(isWave(px.getColor(300, H / 2 - 3)), "quiet envelope present");
        // Playhead at 0.5 s of 2 s -> x = 100.
        assertTrue(isPlayhead(px.getColor(100, 5)), "playhead at x=100: " + px.getColor(100, 5));
        assertFalse(isPlayhead(px.getColor(140, 5)));
    }

    private void robotSeek(double s) {
        javafx.application.Platform.runLater(() -> model.seek(s));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean isWave(Color c) {
        return c.getBlue() > 0.7 && c.getRed() < 0.5;
    }

    private static boolean isPlayhead(Color c) {
        return c.getRed() > 0.8 && c.getBlue() < 0.5;
    }
}
