package io.adamesh.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.timeline.ChannelGroup;
import io.adamesh.timeline.Curve;
import io.adamesh.timeline.Key;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.SampleProjects;
import io.adamesh.timeline.draw.TimelineGeometry;
import io.adamesh.timeline.edit.JobManager;
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class TimelineUiTest {
    private Project project;
    private TimelineViewModel vm;
    private TimelineView view;

    @Start
    void start(Stage stage) {
        project = SampleProjects.speech(10, 30);
        vm = new TimelineViewModel(project, new JobManager());
        vm.expandedProperty().set(Set.of(ChannelGroup.JAW));
        vm.pixelsPerSecondProperty().set(100);
        view = new TimelineView(vm);
        stage.setScene(new Scene(view, 1000, 520));
        stage.show();
        view.requestFocus();
    }

    private Point2D screen(double x, double y) {
        return view.localToScreen(x, y);
    }

    private Curve jaw() {
        return project.layer(vm.activeLayerProperty().get()).curve("jawOpen");
    }

    private Key keyAt(double t) {
        for (Key k : jaw().keys()) if (Math.abs(k.time() - t) < 1e-9) return k;
        return null;
    }

    @Test
    void doubleClickAddsAKeyDragMovesItAndCtrlZUndoes(FxRobot robot) {
        TimelineGeometry g = view.geometry();
        TimelineGeometry.Row row = g.channelRow("jawOpen");
        assertNotNull(row, "the jaw lane is expanded");
        int before = jaw().size();
        double t = 2.5, x = g.x(t), y = g.valueY(row, 0.9);

        robot.moveTo(screen(x, y)).doubleClickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, jaw().size(), "a key was added");
        Key added = keyAt(2.5);
        assertNotNull(added);
        double shown = vm.evaluator().value("jawOpen", 2.5);
        assertEquals(0.9, shown, 0.05, "the curve passes where the user clicked");
        assertEquals("Undo Add key", vm.undoTextProperty().get());
        assertTrue(vm.dirtyProperty().get());

        // drag it 50 px (0.5 s = 15 frames) right
        robot.drag(screen(x, y), MouseButton.PRIMARY).moveTo(screen(x + 25, y)).moveTo(screen(x + 50, y)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(keyAt(2.5));
        Key moved = keyAt(3.0);
        assertNotNull(moved, "moved by 15 frames: " + jaw().keys());
        assertEquals(added.id(), moved.id());
        assertEquals("Undo Move keys", vm.undoTextProperty().get());

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(keyAt(2.5), "undo put the key back");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, jaw().size(), "second undo removed it");
        assertFalse(vm.dirtyProperty().get());
        robot.push(KeyCode.CONTROL, KeyCode.Y);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(keyAt(2.5), "redo");

        // select it again and delete with Del
        robot.clickOn(screen(x, y));
        robot.push(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, jaw().size());
        assertEquals("Undo Delete key", vm.undoTextProperty().get());
    }

    @Test
    void transportKeysStepPlayAndShuttle(FxRobot robot) {
        robot.clickOn(screen(TimelineGeometry.HEADER + 100, 10));   // ruler: seek to 1.0 s
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.0, vm.playheadProperty().get(), 0.011);
        robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.SHIFT, KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(project.frameOf(1.0) + 12, project.frameOf(vm.playheadProperty().get()));
        robot.push(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(project.frameOf(1.0) + 11, project.frameOf(vm.playheadProperty().get()));
        robot.push(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.playingProperty().get());
        robot.push(KeyCode.K);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(vm.playingProperty().get());
        robot.push(KeyCode.J);
        robot.push(KeyCode.J);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(-2, vm.speedProperty().get(), 0);
        robot.push(KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, vm.speedProperty().get(), 0);
        double at = vm.playheadProperty().get();
        robot.interact(() -> vm.advance(0.5));
        assertEquals(at + 0.5, vm.playheadProperty().get(), 1e-9);
    }

    @Test
    void clickingALaneNameExpandsItsChannels(FxRobot robot) {
        TimelineGeometry.Row brows = null;
        for (TimelineGeometry.Row r : view.geometry().rows()) if (r.group() == ChannelGroup.BROWS && r.channel() == null) brows = r;
        assertNotNull(brows);
        robot.clickOn(screen(40, brows.y() + 10));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.expandedProperty().get().contains(ChannelGroup.BROWS));
        assertNotNull(view.geometry().channelRow("browInnerUp"));
    }
}
