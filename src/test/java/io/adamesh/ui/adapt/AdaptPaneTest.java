package io.adamesh.ui.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.speaker.SpeakerProfileStore;
import io.adamesh.ui.adapt.AdaptViewModel.State;
import io.adamesh.ui.tasks.BackgroundTask;
import io.adamesh.ui.tasks.TaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The adapt dialog in a headless Stage, driven through its buttons. */
@ExtendWith(ApplicationExtension.class)
class AdaptPaneTest {
    @TempDir Path dir;
    private Stage stage;

    @Start void start(Stage stage) { this.stage = stage; }

    /** Holds the submitted task until the test lets it run (on the FX thread), so "running" can be seen. */
    static final class HeldExecutor implements TaskExecutor {
        Runnable held;

        @Override public <T> TaskHandle submit(String title, BackgroundTask<T> task, Consumer<? super T> ok, Consumer<? super Throwable> err) {
            TaskHandle h = new TaskHandle(title);
            held = TaskExecutor.body(h, task, Runnable::run, ok, err);
            return h;
        }
    }

    private AdaptPane show(FxRobot robot, AdaptViewModel vm, Runnable onPreview) {
        AdaptPane[] p = new AdaptPane[1];
        robot.interact(() -> {
            p[0] = new AdaptPane(vm, onPreview, stage::close);
            stage.setScene(new Scene(p[0], 1020, 520));
            stage.show();
        });
        return p[0];
    }

    private static boolean visible(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return n.isVisible() && n.isManaged();
    }

    @Test
    void showsTheLossLiveThenTheBeforeAfterAndSaves(FxRobot robot) throws Exception {
        SpeakerProfileStore store = AdaptFixtures.store(dir.resolve("speakers"));
        HeldExecutor tasks = new HeldExecutor();
        FakeDialogs dialogs = new FakeDialogs();
        AdaptViewModel vm = new AdaptViewModel(AdaptFixtures.request(), AdaptFixtures.scripted(80, AdaptFixtures.result("anna-1", "Anna")),
                tasks, Runnable::run, store, dialogs);
        List<String> previews = new ArrayList<>();
        AdaptPane pane = show(robot, vm, () -> previews.add("preview"));
        robot.interact(vm::start);
        assertTrue(visible(robot, "#adapt-cancel"), "Cancel while running");
        assertFalse(visible(robot, "#adapt-save"));
        assertFalse(robot.lookup("#adapt-preview").query().isVisible());

        robot.interact(tasks.held);
        assertEquals(State.FINISHED, vm.state());
        assertFalse(visible(robot, "#adapt-cancel"));
        assertTrue(visible(robot, "#adapt-save"));
        assertTrue(visible(robot, "#adapt-discard"));
        assertTrue(robot.lookup("#adapt-preview").query().isVisible());

        // the plot drew both series: pixels of the training and the held-out colour inside the plot area
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = pane.lossPlot().snapshot(null, null));
        assertTrue(count(img[0], LossPlot.TRAIN) > 150, "training loss line drawn: " + count(img[0], LossPlot.TRAIN));
        assertTrue(count(img[0], LossPlot.HELD_OUT) > 100, "held-out dots drawn: " + count(img[0], LossPlot.HELD_OUT));

        // the before/after table
        GridPane table = robot.lookup("#adapt-summary").queryAs(GridPane.class);
        List<String> texts = table.getChildren().stream().map(n -> ((Label) n).getText()).toList();
        assertTrue(texts.containsAll(List.of("Held-out loss", "0.0500", "0.0300", "-40 %", "3.20 mm", "2.40 mm")), texts.toString());

        robot.clickOn("#adapt-preview");
        assertEquals(1, previews.size());
        robot.clickOn("#adapt-save");
        assertEquals(State.SAVED, vm.state());
        assertEquals(1, AdaptFixtures.store(store.root()).list().size());
        assertTrue(visible(robot, "#adapt-close"));
        assertTrue(robot.lookup("#adapt-preview").query().isVisible(), "a saved speaker can still be previewed");
    }

    @Test
    void cancelWhileRunningEndsWithNothingSaved(FxRobot robot) throws Exception {
        SpeakerProfileStore store = AdaptFixtures.store(dir.resolve("speakers"));
        HeldExecutor tasks = new HeldExecutor();
        AdaptViewModel vm = new AdaptViewModel(AdaptFixtures.request(), AdaptFixtures.scripted(80, AdaptFixtures.result("anna-1", "Anna")),
                tasks, Runnable::run, store, new FakeDialogs());
        show(robot, vm, () -> { });
        robot.interact(vm::start);
        robot.clickOn("#adapt-cancel");
        assertEquals(State.CANCELLING, vm.state());
        assertTrue(robot.lookup("#adapt-cancel").query().isDisabled(), "pressed once");
        robot.interact(tasks.held);
        assertEquals(State.CANCELLED, vm.state());
        assertTrue(vm.losses().isEmpty(), "the pipeline stopped before its first step");
        assertFalse(visible(robot, "#adapt-save"));
        assertTrue(visible(robot, "#adapt-close"));
        assertTrue(store.list().isEmpty());
        assertTrue(robot.lookup("#adapt-message").queryAs(Label.class).getText().contains("nothing was saved"));
    }

    private static int count(WritableImage img, Color c) {
        PixelReader r = img.getPixelReader();
        int n = 0;
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) {
                Color p = r.getColor(x, y);
                if (Math.abs(p.getRed() - c.getRed()) < 0.06 && Math.abs(p.getGreen() - c.getGreen()) < 0.06
                        && Math.abs(p.getBlue() - c.getBlue()) < 0.06) n++;
            }
        }
        return n;
    }
}
