package io.adamesh.ui.animate;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;

/**
 * The animation tool bar: speaker selector, expression and pose intensity, blink/gaze/idle switches,
 * "Generate animation" for the selected voice clip, the live latency readout and the execution provider.
 */
public final class AnimationBar {
    private final ToolBar bar;

    public AnimationBar(AnimationViewModel vm, Runnable generate) {
        ComboBox<String> speaker = new ComboBox<>(vm.speakers());
        speaker.setId("anim-speaker");
        speaker.valueProperty().bindBidirectional(vm.speakerProperty());
        speaker.setTooltip(new Tooltip("Speaker profile: MoLoRA adapter + pose style (switches live without a stall).\n"
                + "Built-in speakers first, then the speakers you learned from video (Speakers… manages them)."));
        speaker.setCellFactory(v -> new SpeakerCell(vm));
        speaker.setButtonCell(new SpeakerCell(vm));
        speaker.setVisibleRowCount(14);
        Slider expr = slider("anim-intensity", vm.expressionIntensityProperty(), "Expression intensity");
        Slider pose = slider("anim-pose-intensity", vm.poseIntensityProperty(), "Head pose intensity");
        CheckBox blinks = check("Blinks", "anim-blinks", vm);
        blinks.selectedProperty().bindBidirectional(vm.blinksProperty());
        CheckBox gaze = check("Gaze", "anim-gaze", vm);
        gaze.selectedProperty().bindBidirectional(vm.gazeProperty());
        CheckBox idle = check("Idle", "anim-idle", vm);
        idle.selectedProperty().bindBidirectional(vm.idleProperty());
        Button gen = new Button("Generate animation");
        gen.setId("anim-generate");
        gen.setTooltip(new Tooltip("Animate the selected voice clip with this speaker and intensity;\n"
                + "if it already has a generated animation, re-generate it in place (undoable)."));
        gen.setOnAction(e -> generate.run());
        Label latency = new Label();
        latency.setId("anim-latency");
        latency.textProperty().bind(vm.latencyProperty());
        latency.setStyle("-fx-font-family: monospace;");
        Label provider = new Label();
        provider.setId("anim-provider");
        provider.textProperty().bind(vm.providerProperty());
        provider.setMaxWidth(360);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.providerProperty());
        provider.setTooltip(tip);
        // Latency and provider live in the status bar (statusNodes()): in the tool bar they fell
        // into the overflow menu at ordinary window widths.
        provider.setMaxWidth(300);
        statusNodes = java.util.List.of(latency, provider);
        bar = new ToolBar(new Label("Speaker"), speaker, new Label("Expr"), expr, new Label("Pose"), pose, blinks, gaze, idle,
                new Separator(), gen);
        bar.setId("animation-bar");
    }

    /** A speaker in the selector: a learned profile shows its thumbnail and name, a built-in its id. */
    static final class SpeakerCell extends javafx.scene.control.ListCell<String> {
        private final AnimationViewModel vm;

        SpeakerCell(AnimationViewModel vm) { this.vm = vm; }

        @Override protected void updateItem(String id, boolean empty) {
            super.updateItem(id, empty);
            if (empty || id == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(vm.displayName(id));
            if (vm.isLearned(id)) {
                setGraphic(vm.thumbnail(id).map(p -> {
                    javafx.scene.image.ImageView iv = new javafx.scene.image.ImageView(
                            new javafx.scene.image.Image(p.toUri().toString(), 20, 20, true, true, false));
                    iv.setFitHeight(20);
                    iv.setFitWidth(20);
                    return (javafx.scene.Node) iv;
                }).orElseGet(() -> {
                    Label l = new Label("●");
                    l.setStyle("-fx-text-fill: #5aa9e6;");
                    return l;
                }));
            } else {
                setGraphic(null);
            }
        }
    }

    private static Slider slider(String id, javafx.beans.property.DoubleProperty p, String tip) {
        Slider s = new Slider(0, 2, p.get());
        s.setId(id);
        s.setPrefWidth(90);
        s.valueProperty().bindBidirectional(p);
        s.setTooltip(new Tooltip(tip + " (1 = as generated, 0 = rest)"));
        return s;
    }

    private static CheckBox check(String text, String id, AnimationViewModel vm) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.setAlignment(Pos.CENTER_LEFT);
        return c;
    }

    private final java.util.List<javafx.scene.Node> statusNodes;

    /** The live latency and execution-provider readouts, for the window's status bar. */
    public java.util.List<javafx.scene.Node> statusNodes() { return statusNodes; }

    public ToolBar node() {
        return bar;
    }
}
