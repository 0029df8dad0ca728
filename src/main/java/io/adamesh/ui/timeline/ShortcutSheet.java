package io.adamesh.ui.timeline;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The shortcut sheet: a dialog listing {@link TimelineShortcuts#ALL}. */
public final class ShortcutSheet {
    private ShortcutSheet() {}

    public static Node content() {
        GridPane grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(4);
        grid.setPadding(new Insets(8));
        int row = 0;
        for (TimelineShortcuts.Shortcut s : TimelineShortcuts.ALL) {
            Label k = new Label(s.keys());
            k.setStyle("-fx-font-weight: bold");
            grid.addRow(row++, k, new Label(s.action()));
        }
        return grid;
    }

    public static Alert dialog(Window owner) {
        Alert a = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
        a.setTitle("Timeline shortcuts");
        a.setHeaderText("Timeline shortcuts");
        a.getDialogPane().setContent(content());
        if (owner != null) a.initOwner(owner);
        return a;
    }
}
