package io.adamesh.ui;

import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The right-hand panel: reset buttons and one titled group of sliders per {@link ControlSection}. */
public final class ControlPanel {
    private final ScrollPane root;

    public ControlPanel(FaceControlsViewModel vm) {
        VBox box = new VBox(6);
        box.setPadding(new Insets(8));
        box.setFillWidth(true);

        FlowPane resets = new FlowPane(6, 6);
        resets.getChildren().addAll(
                button("Reset expression", "reset-expression", vm::resetExpression),
                button("Reset pose", "reset-pose", vm::resetPose),
                button("Reset identity", "reset-identity", vm::resetIdentity),
                button("Reset all", "reset-all", vm::resetAll));
        resets.disableProperty().bind(vm.enabledProperty().not().or(vm.posingEnabledProperty().not()));
        box.getChildren().add(resets);

        for (Map.Entry<ControlSection, List<FaceControl>> e : vm.sections().entrySet()) {
            GridPane grid = new GridPane();
            grid.setHgap(6);
            grid.setVgap(3);
            ColumnConstraints name = new ColumnConstraints();
            name.setMinWidth(120);
            name.setPrefWidth(135);
            ColumnConstraints slider = new ColumnConstraints();
            slider.setHgrow(Priority.ALWAYS);
            slider.setMinWidth(90);
            ColumnConstraints readout = new ColumnConstraints();
            readout.setMinWidth(48);
            readout.setPrefWidth(52);
            grid.getColumnConstraints().addAll(name, slider, readout);
            int row = 0;
            for (FaceControl c : e.getValue()) {
                Label label = new Label(c.label());
                label.setTooltip(new Tooltip(c.id()));
                Slider s = new Slider(c.min(), c.max(), c.value());
                s.setId("slider-" + c.id().replace(':', '-'));
                s.valueProperty().bindBidirectional(c.valueProperty());
                s.setMaxWidth(Double.MAX_VALUE);
                Label value = new Label(c.format(c.value()));
                value.setId("value-" + c.id().replace(':', '-'));
                value.setAlignment(Pos.CENTER_RIGHT);
                value.setMaxWidth(Double.MAX_VALUE);
                value.setStyle("-fx-font-family: monospace;");
                c.valueProperty().addListener((obs, o, n) -> value.setText(c.format(n.doubleValue())));
                grid.addRow(row++, label, s, value);
            }
            TitledPane pane = new TitledPane(e.getKey().title(), grid);
            pane.setId("section-" + e.getKey().name());
            pane.setExpanded(e.getKey() == ControlSection.POSE || e.getKey() == ControlSection.MOUTH);
            if (e.getKey() == ControlSection.IDENTITY) pane.disableProperty().bind(vm.enabledProperty().not());
            else pane.disableProperty().bind(vm.enabledProperty().not().or(vm.posingEnabledProperty().not()));
            box.getChildren().add(pane);
        }
        root = new ScrollPane(box);
        root.setFitToWidth(true);
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.setMinWidth(260);
        root.setId("control-panel");
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    public ScrollPane node() { return root; }
}
