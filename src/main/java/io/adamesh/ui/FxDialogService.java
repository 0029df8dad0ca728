package io.adamesh.ui;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.application.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/** Dialogs as JavaFX alerts; safe to call from any thread. */
final class FxDialogService implements DialogService {
    private final Window owner;

    FxDialogService(Window owner) { this.owner = owner; }

    @Override
    public void showError(String title, String message, Throwable details) {
        onFx(() -> {
            Alert a = new Alert(Alert.AlertType.ERROR);
            a.initOwner(owner);
            a.setTitle(title);
            a.setHeaderText(title);
            a.setContentText(message);
            if (details != null) {
                StringWriter sw = new StringWriter();
                details.printStackTrace(new PrintWriter(sw));
                TextArea trace = new TextArea(sw.toString());
                trace.setEditable(false);
                trace.setWrapText(false);
                trace.setPrefRowCount(16);
                a.getDialogPane().setExpandableContent(trace);
            }
            a.show();
        });
    }

    @Override
    public void showWarning(String title, String message) {
        show(Alert.AlertType.WARNING, title, message);
    }

    @Override
    public void showInfo(String title, String message) {
        show(Alert.AlertType.INFORMATION, title, message);
    }

    private void show(Alert.AlertType type, String title, String message) {
        onFx(() -> {
            Alert a = new Alert(type);
            a.initOwner(owner);
            a.setTitle(title);
            a.setHeaderText(title);
            a.setContentText(message);
            a.show();
        });
    }

    @Override
    public SaveChoice askSaveChanges(String documentName) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Your changes will be lost if you don't save them.",
                save, discard, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save the changes to " + documentName + "?");
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) return SaveChoice.CANCEL;
        return r.get() == save ? SaveChoice.SAVE : SaveChoice.DISCARD;
    }

    @Override
    public java.util.OptionalDouble askNumber(String title, String prompt, double initial, double min, double max) {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(formatNumber(initial));
        d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(prompt + String.format(" (%s to %s)", formatNumber(min), formatNumber(max)));
        while (true) {
            var answer = d.showAndWait();
            if (answer.isEmpty()) return java.util.OptionalDouble.empty();
            try {
                double v = Double.parseDouble(answer.get().trim().replace(',', '.'));
                if (v >= min && v <= max) return java.util.OptionalDouble.of(v);
            } catch (NumberFormatException e) {
                // fall through: ask again with the reason
            }
            d.setHeaderText(prompt + String.format(": enter a number from %s to %s", formatNumber(min), formatNumber(max)));
        }
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial) {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(initial);
        d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(prompt);
        return d.showAndWait().map(String::strip).filter(t -> !t.isEmpty());
    }

    private static String formatNumber(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public boolean confirm(String title, String message, String yes) {
        ButtonType ok = new ButtonType(yes, ButtonBar.ButtonData.YES);
        ButtonType no = new ButtonType("No", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, message, ok, no);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        return a.showAndWait().filter(b -> b == ok).isPresent();
    }

    private static FileChooser chooser(String title, List<FileType> types) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        for (FileType t : types) fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(t.description(), t.patterns()));
        return fc;
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, List<FileType> types) {
        return Optional.ofNullable(chooser(title, types).showOpenDialog(owner)).map(java.io.File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String initialName, List<FileType> types) {
        FileChooser fc = chooser(title, types);
        fc.setInitialFileName(initialName);
        return Optional.ofNullable(fc.showSaveDialog(owner)).map(java.io.File::toPath);
    }

    @Override
    public boolean editExport(io.adamesh.ui.export.ExportViewModel form) {
        return new io.adamesh.ui.export.ExportDialog(owner, form).showAndWait();
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) r.run();
        else Platform.runLater(r);
    }
}
