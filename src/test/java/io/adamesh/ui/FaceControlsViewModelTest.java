package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaceControlsViewModelTest {
    static FaceModel head;

    @BeforeAll static void loadHead() { head = TestHeads.head(); }

    @Test void movingAnExpressionSliderSetsItsCoefficient() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        vm.consumeDirty();
        vm.control("expr:mouthSmileLeft").set(0.7);
        assertEquals(0.7f, vm.params().expression(head.expressionIndex("mouthSmileLeft")), 1e-6);
        assertEquals(0f, vm.params().expression(head.expressionIndex("mouthSmileRight")));
        assertTrue(vm.consumeDirty());
        assertFalse(vm.consumeDirty());
    }

    @Test void valuesAreClampedToTheSliderRange() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        vm.control("expr:browInnerUp").set(4);
        assertEquals(1f, vm.params().expression(head.expressionIndex("browInnerUp")));
        vm.control("shape:faceWidth").set(-9);
        assertEquals(-3f, vm.params().shape(0));
    }

    @Test void jawOpenRotatesTheJawAboutX() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        vm.pose(PoseChannel.JAW_OPEN).set(20);
        float[] pose = vm.params().pose();
        assertEquals(Math.toRadians(20), pose[FaceModel.JAW * 3], 1e-5);
        assertEquals(0, pose[FaceModel.JAW * 3 + 1], 1e-6);
        assertEquals(0, pose[FaceModel.NECK * 3], 1e-6);
    }

    @Test void eyeControlsTurnBothEyesTogether() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        vm.pose(PoseChannel.EYE_YAW).set(15);
        float[] pose = vm.params().pose();
        assertEquals(Math.toRadians(15), pose[FaceModel.EYE_LEFT * 3 + 1], 1e-5);
        assertEquals(Math.toRadians(15), pose[FaceModel.EYE_RIGHT * 3 + 1], 1e-5);
    }

    @Test void headYawTurnsTheNeck() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        vm.pose(PoseChannel.HEAD_YAW).set(30);
        assertEquals(Math.toRadians(30), vm.params().pose()[FaceModel.NECK * 3 + 1], 1e-5);
    }

    @Test void resetButtonsZeroOnlyTheirKind() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        vm.control("expr:eyeBlinkLeft").set(1);
        vm.pose(PoseChannel.JAW_OPEN).set(10);
        vm.control("shape:headHeight").set(2);
        vm.resetExpression();
        assertEquals(0f, vm.params().expression(head.expressionIndex("eyeBlinkLeft")));
        assertNotEquals(0f, vm.params().pose()[FaceModel.JAW * 3]);
        vm.resetPose();
        assertEquals(0f, vm.params().pose()[FaceModel.JAW * 3], 1e-7);
        assertEquals(2f, vm.params().shape(1));
        vm.resetIdentity();
        assertEquals(0f, vm.params().shape(1));
    }

    @Test void resetAllZeroesEverything() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        vm.apply(Map.of("mouthSmileRight", 0.5, "headRoll", 10.0, "faceWidth", 1.0));
        assertEquals(3, vm.values().size());
        vm.resetAll();
        assertTrue(vm.values().isEmpty());
        assertEquals(0f, vm.params().shape(0));
    }

    @Test void identitySlidersChangeTheIdentityCoefficients() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        int before = vm.params().identityVersion();
        vm.control("shape:faceWidth").set(1.5);
        assertEquals(1.5f, vm.params().shape(0));
        assertNotEquals(before, vm.params().identityVersion());
    }

    @Test void applyReportsUnknownNamesAndKeepsTheRest() {
        FaceControlsViewModel vm = new FaceControlsViewModel(head);
        List<String> unknown = vm.apply(Map.of("noSuchChannel", 1.0, "pose:jawOpen", 12.0));
        assertEquals(List.of("noSuchChannel"), unknown);
        assertEquals(12, vm.pose(PoseChannel.JAW_OPEN).value(), 1e-9);
    }

    @Test void withoutAHeadThePanelIsDisabledButStillHasPoseControls() {
        FaceControlsViewModel vm = new FaceControlsViewModel(null);
        assertFalse(vm.enabledProperty().get());
        assertNotNull(vm.pose(PoseChannel.JAW_OPEN));
        vm.pose(PoseChannel.JAW_OPEN).set(5); // must not throw
        assertEquals(PoseChannel.values().length, vm.controls().size());
    }

    @Test void expressionsAreGroupedByName() {
        assertEquals(ControlSection.MOUTH, ControlSection.ofExpression("mouthPucker"));
        assertEquals(ControlSection.JAW, ControlSection.ofExpression("jawForward"));
        assertEquals(ControlSection.CHEEKS_NOSE, ControlSection.ofExpression("noseSneerLeft"));
        assertEquals(ControlSection.CHEEKS_NOSE, ControlSection.ofExpression("cheekPuff"));
        assertEquals(ControlSection.BROWS, ControlSection.ofExpression("browInnerUp"));
        assertEquals(ControlSection.EYES, ControlSection.ofExpression("eyeBlinkLeft"));
        assertEquals(ControlSection.OTHER, ControlSection.ofExpression("exp042"));
    }
}
