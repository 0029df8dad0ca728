package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The slider panel, headless on Monocle: sliders drive the parameters, buttons reset them. */
@ExtendWith(ApplicationExtension.class)
class ControlPanelTest {
    private FaceControlsViewModel vm;
    private FaceModel head;

    @Start
    void start(Stage stage) {
        head = TestHeads.head();
        vm = new FaceControlsViewModel(head);
        stage.setScene(new Scene(new ControlPanel(vm).node(), 420, 760));
        stage.show();
    }

    private Slider slider(FxRobot robot, String id) {
        return robot.lookup("#slider-" + id.replace(":", "-")).queryAs(Slider.class);
    }

    @Test void movingAnExpressionSliderChangesTheCoefficientAndReadout(FxRobot robot) {
        Slider s = slider(robot, "expr:mouthSmileLeft");
        robot.interact(() -> s.setValue(0.8));
        assertEquals(0.8f, vm.params().expression(head.expressionIndex("mouthSmileLeft")), 1e-6);
        Label readout = robot.lookup("#value-expr-mouthSmileLeft").queryAs(Label.class);
        assertEquals("0.80", readout.getText());
    }

    @Test void draggingTheJawSliderOpensTheJaw(FxRobot robot) {
        Slider s = slider(robot, "pose:jawOpen");
        robot.drag(s.lookup(".thumb")).moveBy(400, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(25, s.getValue(), 1e-9, "dragged to the end of its range");
        assertEquals(Math.toRadians(25), vm.params().pose()[FaceModel.JAW * 3], 1e-5);
    }

    @Test void resetButtonsZeroTheSliders(FxRobot robot) {
        robot.interact(() -> {
            slider(robot, "expr:eyeBlinkLeft").setValue(1);
            slider(robot, "pose:headYaw").setValue(20);
            vm.control("shape:faceWidth").set(2);
        });
        robot.clickOn("#reset-expression");
        assertEquals(0f, vm.params().expression(head.expressionIndex("eyeBlinkLeft")));
        assertEquals(20, slider(robot, "pose:headYaw").getValue(), 1e-9);
        robot.clickOn("#reset-pose");
        assertEquals(0, slider(robot, "pose:headYaw").getValue(), 1e-9);
        assertEquals(0f, vm.params().pose()[FaceModel.NECK * 3 + 1], 1e-7);
        assertEquals(2f, vm.params().shape(0));
        robot.clickOn("#reset-identity");
        assertEquals(0f, vm.params().shape(0));
    }

    @Test void identitySlidersLiveInTheirOwnPanel(FxRobot robot) {
        TitledPane identity = robot.lookup("#section-IDENTITY").queryAs(TitledPane.class);
        robot.interact(() -> identity.setExpanded(true));
        Slider s = slider(robot, "shape:headHeight");
        assertEquals(-3, s.getMin());
        assertEquals(3, s.getMax());
        robot.interact(() -> s.setValue(-1.25));
        assertEquals(-1.25f, vm.params().shape(head.shapeIndex("headHeight")), 1e-6);
        assertTrue(robot.lookup("#section-IDENTITY").queryAs(TitledPane.class).getContent().lookup("#slider-shape-headHeight") != null);
    }

    @Test void everyExpressionHasASlider(FxRobot robot) {
        for (String name : head.expressionNames()) {
            assertFalse(robot.lookup("#slider-expr-" + name).queryAll().isEmpty(), name);
        }
    }
}
