package io.adamesh.ui.track;

import io.adamesh.face.FaceModel;
import io.adamesh.track.PinholeCamera;
import io.adamesh.track.SyntheticFaceVideo;
import io.adamesh.track.TrackingDataFiles;
import io.adamesh.ui.HeadLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Opens the reference video panel on its own, for looking at it while the main window does not
 * embed it yet. {@code ReferencePanelPreview [VIDEO] [--track] [--shot OUT.png]}: without a video it
 * renders a 5 s test video of OpenHead; {@code --track} tracks 1-4 s after opening; {@code --shot}
 * saves a screenshot of the window once the tracked frame shows, then exits.
 */
public final class ReferencePanelPreview {
    private ReferencePanelPreview() {}

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The JavaFX application (a nested class so that the plain main works on the class path). */
    public static final class App extends Application {
    private FxTaskRunner runner;

    @Override public void start(Stage stage) throws Exception {
        Path video = null;
        boolean track = false;
        Path shot = null;
        var raw = getParameters().getRaw();
        for (int i = 0; i < raw.size(); i++) {
            switch (raw.get(i)) {
                case "--track" -> track = true;
                case "--shot" -> shot = Path.of(raw.get(++i));
                default -> video = Path.of(raw.get(i));
            }
        }
        HeadLoader.Result head = HeadLoader.load(HeadLoader.defaultHeadPath());
        FaceModel model = head.model();
        runner = new FxTaskRunner(2);
        ReferenceVideoViewModel vm = new ReferenceVideoViewModel(model, TrackingDataFiles.fromEnvironment(), runner);
        ReferenceVideoPanel panel = new ReferenceVideoPanel(vm);
        stage.setTitle("AdaMesh - reference video");
        stage.setScene(new Scene(panel, 1200, 660));
        stage.show();
        if (!head.ok()) {
            System.err.println(head.problem());
        }
        boolean doTrack = track || shot != null;
        Path shotFile = shot;
        vm.loadedProperty().addListener((o, a, loaded) -> {
            if (loaded && doTrack) {
                vm.setRangeSeconds(1, 4);
                vm.trackRange();
            }
        });
        int[] showFrame = {-1};
        vm.trackedClipProperty().addListener((o, a, tc) -> {
            if (tc == null) {
                return;
            }
            // show the best-fitting frame, so the overlay and the head can be judged
            int best = 0;
            for (int k = 1; k < tc.confidence().length; k++) {
                if (tc.confidence()[k] > tc.confidence()[best]) {
                    best = k;
                }
            }
            showFrame[0] = vm.trackedFrom() + best;
            Platform.runLater(() -> vm.seek(showFrame[0]));
        });
        if (shotFile != null) {
            vm.frameViewProperty().addListener((o, a, v) -> {
                if (v != null && v.fittedHead() != null && v.index() == showFrame[0]) {
                    // let the scene lay out and render the new frame once more before capturing
                    Platform.runLater(() -> Platform.runLater(() -> {
                        try {
                            Files.createDirectories(shotFile.toAbsolutePath().getParent());
                            ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png",
                                    shotFile.toFile());
                            System.out.println("wrote " + shotFile.toAbsolutePath() + "; " + vm.messageProperty().get());
                        } catch (IOException e) {
                            e.printStackTrace();
                        }
                        Platform.exit();
                    }));
                }
            });
        }
        if (video != null) {
            vm.open(video);
        } else if (model != null) {
            Path tmp = Files.createTempFile("adamesh-reference-", ".mp4");
            tmp.toFile().deleteOnExit();
            runner.submit(p -> {
                SyntheticFaceVideo.render(model, SyntheticFaceVideo.talkingHead(model), 640, 480, 30, 150,
                        PinholeCamera.DEFAULT_FOV_Y, tmp, null);
                return tmp;
            }, new TaskRunner.CancelToken(), p -> { }, vm::open, e -> System.err.println("cannot render: " + e));
        }
    }

    @Override public void stop() {
        if (runner != null) {
            runner.close();
        }
    }
}
}
