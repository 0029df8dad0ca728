package io.adamesh.ui.speakers;

import io.adamesh.ui.speakers.SpeakerManagerViewModel.Entry;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The "Speakers…" window's content: the library's profiles with thumbnails, and the actions on them. */
public final class SpeakerManagerPane extends BorderPane {
    private final SpeakerManagerViewModel vm;
    private final ListView<Entry> list;
    private final Label status = new Label();

    public SpeakerManagerPane(SpeakerManagerViewModel vm, Runnable onClose) {
        this.vm = vm;
        setId("speaker-manager");
        setPadding(new Insets(10));
        list = new ListView<>(vm.entries());
        list.setId("speaker-list");
        list.setPlaceholder(new Label("No learned speakers yet.\nOpen File › Reference video…, select a range and press \"Adapt speaker…\"."));
        list.setCellFactory(v -> new EntryCell());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) vm.selectedProperty().set(b);
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != null && list.getSelectionModel().getSelectedItem() != b) list.getSelectionModel().select(b);
        });
        if (vm.selectedProperty().get() != null) list.getSelectionModel().select(vm.selectedProperty().get());
        setCenter(list);

        Button rename = button("Rename…", "speaker-rename", () -> vm.renameSelected());
        Button delete = button("Delete…", "speaker-delete", () -> vm.deleteSelected());
        Button export = button("Export…", "speaker-export", () -> {
            if (vm.exportSelected()) status.setText(vm.lastMessage());
        });
        Button imp = button("Import…", "speaker-import", () -> {
            if (vm.importFile()) status.setText(vm.lastMessage());
        });
        Button close = button("Close", "speaker-close", onClose);
        for (Button b : new Button[] {rename, delete, export}) b.disableProperty().bind(vm.selectedProperty().isNull());
        Label where = new Label("Library: " + vm.store().root());
        where.setStyle("-fx-text-fill: #6b7280; -fx-font-size: 11px;");
        VBox side = new VBox(6, rename, delete, export, imp);
        side.setPadding(new Insets(0, 0, 0, 10));
        for (var n : side.getChildren()) ((Button) n).setMaxWidth(Double.MAX_VALUE);
        setRight(side);
        status.setId("speaker-status");
        status.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(8, new VBox(2, status, where), spacer, close);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setBottom(bottom);
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** A 48 px thumbnail (or a grey square) with the name over the details. */
    static final class EntryCell extends ListCell<Entry> {
        @Override protected void updateItem(Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(e.name());
            name.setStyle("-fx-font-weight: bold;");
            Label details = new Label(e.details());
            details.setStyle("-fx-font-size: 11px; -fx-opacity: 0.75;");
            HBox row = new HBox(10, thumbnail(e.thumbnail(), 48), new VBox(2, name, details));
            row.setAlignment(Pos.CENTER_LEFT);
            setGraphic(row);
            setText(null);
        }
    }

    /** The profile's thumbnail at {@code size} px, or a neutral square when it has none or it cannot be read. */
    public static javafx.scene.Node thumbnail(Path png, double size) {
        if (png != null) {
            Image img = new Image(png.toUri().toString(), size, size, true, true, false);
            if (!img.isError()) {
                ImageView v = new ImageView(img);
                v.setFitWidth(size);
                v.setFitHeight(size);
                v.setPreserveRatio(true);
                StackPane box = new StackPane(v);
                box.setMinSize(size, size);
                box.setPrefSize(size, size);
                return box;
            }
        }
        StackPane blank = new StackPane(new Label("?"));
        blank.setMinSize(size, size);
        blank.setPrefSize(size, size);
        blank.setStyle("-fx-background-color: #c9ced6; -fx-background-radius: 3;");
        return blank;
    }

    public ListView<Entry> listView() { return list; }
    public SpeakerManagerViewModel viewModel() { return vm; }
}
