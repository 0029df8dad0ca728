package io.adamesh.ui.export;

import io.adamesh.export.ExportFormat;
import io.adamesh.export.ExportOptions;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** File > Export clip…: a form over an {@link ExportViewModel}; OK is enabled only when the model has no problem. */
public final class ExportDialog {
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final DialogPane pane;

    public ExportDialog(Window owner, ExportViewModel vm) {
        if (owner != null) dialog.initOwner(owner);
        dialog.setTitle("Export clip");
        pane = dialog.getDialogPane();
        pane.setHeaderText("Export the project's animation (generated motion plus edit layers)");
        ButtonType export = new ButtonType("Export", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().addAll(export, ButtonType.CANCEL);

        ChoiceBox<ExportFormat> format = new ChoiceBox<>();
        format.setId("export-format");
        format.getItems().addAll(ExportFormat.values());
        format.setConverter(converter(f -> switch (f) {
            case FBX -> "FBX (binary 7.4)";
            case ABC -> "Alembic (Ogawa)";
            case GLB -> "glTF binary (.glb)";
            case CSV -> "ARKit CSV (Live Link Face)";
        }));
        format.valueProperty().bindBidirectional(vm.formatProperty());

        ToggleGroup rangeGroup = new ToggleGroup();
        RadioButton all = radio("All", ExportViewModel.Range.ALL, rangeGroup, vm);
        RadioButton inOut = radio(String.format(java.util.Locale.ROOT, "In–out (%s – %s)", ExportViewModel.tc(vm.inPoint()),
                ExportViewModel.tc(vm.outPoint())), ExportViewModel.Range.IN_OUT, rangeGroup, vm);
        RadioButton custom = radio("Custom", ExportViewModel.Range.CUSTOM, rangeGroup, vm);
        Spinner<Double> from = new Spinner<>(0, 1e6, vm.customStartProperty().get(), 0.1);
        Spinner<Double> to = new Spinner<>(0, 1e6, vm.customEndProperty().get(), 0.1);
        for (Spinner<Double> sp : java.util.List.of(from, to)) {
            sp.setEditable(true);
            sp.setPrefWidth(100);
            sp.disableProperty().bind(vm.rangeProperty().isNotEqualTo(ExportViewModel.Range.CUSTOM));
        }
        from.setId("export-from");
        to.setId("export-to");
        from.valueProperty().addListener((o, a, b) -> vm.customStartProperty().set(b));
        to.valueProperty().addListener((o, a, b) -> vm.customEndProperty().set(b));
        HBox rangeRow = new HBox(10, all, inOut, custom, from, new Label("to"), to, new Label("s"));
        Label rangeText = new Label();
        rangeText.textProperty().bind(vm.rangeTextProperty());
        rangeText.setStyle("-fx-text-fill: derive(-fx-text-base-color, 35%);");

        ChoiceBox<Integer> fps = new ChoiceBox<>();
        fps.setId("export-fps");
        for (double f : ExportOptions.SUPPORTED_FPS) fps.getItems().add((int) f);
        fps.setValue(vm.fpsProperty().get());
        fps.valueProperty().addListener((o, a, b) -> vm.fpsProperty().set(b));
        ChoiceBox<ExportOptions.Unit> unit = new ChoiceBox<>();
        unit.getItems().addAll(ExportOptions.Unit.values());
        unit.setConverter(converter(u -> u == ExportOptions.Unit.M ? "metres" : "centimetres"));
        unit.valueProperty().bindBidirectional(vm.unitProperty());
        ChoiceBox<ExportOptions.UpAxis> up = new ChoiceBox<>();
        up.getItems().addAll(ExportOptions.UpAxis.values());
        up.setConverter(converter(a -> a == ExportOptions.UpAxis.Y ? "Y up (Maya, glTF)" : "Z up (Blender, Unreal)"));
        up.valueProperty().bindBidirectional(vm.upProperty());
        CheckBox bake = new CheckBox("Bake head pose into the vertices (Alembic)");
        bake.setId("export-bake");
        bake.selectedProperty().bindBidirectional(vm.bakeHeadPoseProperty());
        bake.disableProperty().bind(vm.bakeHeadPoseAvailable().not());

        TextField out = new TextField();
        out.setId("export-output");
        out.setPrefColumnCount(34);
        out.setText(vm.outputProperty().get() == null ? "" : vm.outputProperty().get().toString());
        vm.outputProperty().addListener((o, a, b) -> { if (b != null && !b.toString().equals(out.getText())) out.setText(b.toString()); });
        out.textProperty().addListener((o, a, b) -> vm.outputProperty().set(b.isBlank() ? null : Path.of(b.trim())));
        Button browse = new Button("Choose…");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export to");
            ExportFormat f = vm.formatProperty().get();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.name() + " files", "*." + f.extension));
            Path cur = vm.outputProperty().get();
            if (cur != null && cur.toAbsolutePath().getParent() != null && cur.toAbsolutePath().getParent().toFile().isDirectory()) {
                fc.setInitialDirectory(cur.toAbsolutePath().getParent().toFile());
                fc.setInitialFileName(cur.getFileName().toString());
            }
            File chosen = fc.showSaveDialog(pane.getScene().getWindow());
            if (chosen != null) vm.outputProperty().set(ExportViewModel.withExtension(chosen.toPath(), f));
        });
        HBox outRow = new HBox(6, out, browse);
        HBox.setHgrow(out, Priority.ALWAYS);

        Label problem = new Label();
        problem.setId("export-problem");
        problem.textProperty().bind(vm.problemProperty());
        problem.setStyle("-fx-text-fill: #d9822b;");
        problem.setWrapText(true);

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(12));
        int r = 0;
        g.addRow(r++, new Label("Format"), format);
        g.addRow(r++, new Label("Frames"), rangeRow);
        g.add(rangeText, 1, r++);
        g.addRow(r++, new Label("Frame rate"), fps);
        g.addRow(r++, new Label("Units"), unit);
        g.addRow(r++, new Label("Up axis"), up);
        g.add(bake, 1, r++);
        g.addRow(r++, new Label("Output file"), outRow);
        g.add(problem, 1, r);
        pane.setContent(g);
        Button ok = (Button) pane.lookupButton(export);
        ok.setId("export-ok");
        ok.disableProperty().bind(Bindings.isNotEmpty(vm.problemProperty()));
    }

    private static RadioButton radio(String text, ExportViewModel.Range r, ToggleGroup g, ExportViewModel vm) {
        RadioButton b = new RadioButton(text);
        b.setToggleGroup(g);
        b.setSelected(vm.rangeProperty().get() == r);
        b.selectedProperty().addListener((o, was, now) -> { if (now) vm.rangeProperty().set(r); });
        return b;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return new StringConverter<>() {
            @Override public String toString(T t) { return t == null ? "" : f.apply(t); }
            @Override public T fromString(String s) { return null; }
        };
    }

    public Dialog<ButtonType> dialog() { return dialog; }
    public DialogPane pane() { return pane; }

    /** Shows the dialog and waits; true when the user chose Export. */
    public boolean showAndWait() {
        return dialog.showAndWait().filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.OK_DONE).isPresent();
    }
}
