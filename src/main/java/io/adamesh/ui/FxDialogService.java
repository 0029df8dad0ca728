package io.adamesh.ui;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.application.Platform;
import javafx.scene.control.Alert;
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
        onFx(() -> {
            Alert a = new Alert(Alert.AlertType.WARNING);
            a.initOwner(owner);
            a.setTitle(title);
            a.setHeaderText(title);
            a.setContentText(message);
            a.show();
        });
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) r.run();
        else Platform.runLater(r);
    }
}
