package io.adamesh.ui.adapt;

import io.adamesh.ui.adapt.AdaptViewModel.StageProgress;
import io.adamesh.ui.adapt.AdaptViewModel.State;
import io.adamesh.ui.adapt.AdaptViewModel.SummaryRow;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The "Adapt speaker" dialog's content: a progress bar per stage, the live loss plot, the before/after
 * table on the held-back part, and Cancel / Preview side by side / Discard / Save. Only binds to its
 * {@link AdaptViewModel}; the window it sits in and what Preview does are the caller's.
 */
public final class AdaptPane extends BorderPane {
    private static final String TEXT = "-fx-text-fill: #d8dce3;";
    private static final String DIM = "-fx-text-fill: #9aa3af;";
    private final AdaptViewModel vm;
    private final LossPlot plot;
    private final GridPane stageGrid = new GridPane();
    private final GridPane summaryGrid = new GridPane();
    private final Label summaryTitle = new Label("Before → after on the held-back part");
    private final Button cancel = new Button("Cancel");
    private final Button preview = new Button("Preview side by side");
    private final Button discard = new Button("Discard");
    private final Button save = new Button("Save");
    private final Button close = new Button("Close");
    private final Label message = new Label();

    public AdaptPane(AdaptViewModel vm, Runnable onPreview, Runnable onClose) {
        this.vm = vm;
        this.plot = new LossPlot(vm.losses());
        setId("adapt-pane");
        setStyle("-fx-background-color: #2b2e34;");
        setPadding(new Insets(12));

        var r = vm.request();
        Label title = new Label("Learning \"" + r.name() + "\"");
        title.setStyle(TEXT + "-fx-font-size: 15px; -fx-font-weight: bold;");
        Label source = new Label(String.format(Locale.ROOT, "%s   range %s – %s (%.1f s), last %.0f %% held back to judge the result",
                r.video().getFileName(), clock(r.startSeconds()), clock(r.endSeconds()), r.endSeconds() - r.startSeconds(),
                100 * r.heldOutFraction()));
        source.setStyle(DIM);
        VBox top = new VBox(2, title, source);
        top.setPadding(new Insets(0, 0, 10, 0));
        setTop(top);

        stageGrid.setId("adapt-stages");
        stageGrid.setHgap(10);
        stageGrid.setVgap(5);
        stageGrid.getColumnConstraints().addAll(new ColumnConstraints(120), new ColumnConstraints(150), new ColumnConstraints(70));
        vm.stages().addListener((ListChangeListener<StageProgress>) c -> fillStages());
        fillStages();

        plot.setId("adapt-loss-plot");
        HBox.setHgrow(plot, Priority.ALWAYS);
        plot.setPrefSize(560, 250);
        vm.bestStepProperty().addListener((o, a, b) -> plot.setBestStep(b.intValue()));

        summaryTitle.setStyle(TEXT + "-fx-font-weight: bold;");
        summaryGrid.setId("adapt-summary");
        summaryGrid.setHgap(14);
        summaryGrid.setVgap(4);
        VBox summaryBox = new VBox(6, summaryTitle, summaryGrid);
        summaryBox.visibleProperty().bind(Bindings.isNotEmpty(vm.summary()));
        summaryBox.managedProperty().bind(summaryBox.visibleProperty());
        vm.summary().addListener((ListChangeListener<SummaryRow>) c -> fillSummary());

        Label stagesTitle = new Label("Progress");
        stagesTitle.setStyle(TEXT + "-fx-font-weight: bold;");
        VBox left = new VBox(6, stagesTitle, stageGrid, summaryBox);
        left.setMinWidth(Region.USE_PREF_SIZE);
        left.setSpacing(10);
        HBox centre = new HBox(14, left, plot);
        setCenter(centre);

        message.setId("adapt-message");
        message.setWrapText(true);
        message.setStyle(TEXT);
        message.textProperty().bind(vm.messageProperty());
        cancel.setId("adapt-cancel");
        preview.setId("adapt-preview");
        discard.setId("adapt-discard");
        save.setId("adapt-save");
        close.setId("adapt-close");
        save.setDefaultButton(true);
        BooleanBinding running = vm.stateProperty().isEqualTo(State.RUNNING).or(vm.stateProperty().isEqualTo(State.CANCELLING));
        BooleanBinding finished = vm.stateProperty().isEqualTo(State.FINISHED);
        show(cancel, running);
        cancel.disableProperty().bind(vm.stateProperty().isEqualTo(State.CANCELLING));
        show(save, finished);
        show(discard, finished);
        show(close, running.not().and(finished.not()));
        preview.visibleProperty().bind(vm.resultProperty().isNotNull().or(vm.savedProperty().isNotNull()));
        preview.managedProperty().bind(preview.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        save.setOnAction(e -> vm.save());
        discard.setOnAction(e -> vm.discard());
        preview.setOnAction(e -> onPreview.run());
        close.setOnAction(e -> onClose.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, message, spacer, cancel, preview, discard, save, close);
        HBox.setHgrow(message, Priority.SOMETIMES);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setPadding(new Insets(12, 0, 0, 0));
        setBottom(buttons);
    }

    private static void show(Button b, BooleanBinding when) {
        b.visibleProperty().bind(when);
        b.managedProperty().bind(when);
    }

    private void fillStages() {
        stageGrid.getChildren().clear();
        int row = 0;
        for (StageProgress s : vm.stages()) {
            Label name = new Label(s.name());
            name.setStyle(TEXT);
            ProgressBar bar = new ProgressBar();
            bar.setId("adapt-stage-" + s.name().toLowerCase(Locale.ROOT).replace(' ', '-'));
            bar.setPrefWidth(150);
            bar.progressProperty().bind(s.fractionProperty());
            Label status = new Label();
            status.textProperty().bind(Bindings.createStringBinding(() -> switch (s.statusProperty().get()) {
                case "running" -> String.format(Locale.ROOT, "%.0f %%", 100 * s.fractionProperty().get());
                case "done" -> "done";
                case "skipped" -> "—";
                case "failed" -> "failed";
                case "cancelled" -> "cancelled";
                default -> "";
            }, s.statusProperty(), s.fractionProperty()));
            status.styleProperty().bind(Bindings.createStringBinding(() -> "failed".equals(s.statusProperty().get())
                    ? "-fx-text-fill: #ff7b72;" : DIM, s.statusProperty()));
            stageGrid.addRow(row++, name, bar, status);
        }
    }

    private void fillSummary() {
        summaryGrid.getChildren().clear();
        int row = 0;
        boolean header = false;
        for (SummaryRow r : vm.summary()) {
            if (!r.before().isEmpty() && !header) {
                header = true;
                summaryGrid.addRow(row++, dim(""), dim("before"), dim("after"), dim(""));
            }
            Label what = new Label(r.what());
            what.setStyle(DIM);
            Label before = new Label(r.before());
            before.setStyle(TEXT);
            Label after = new Label(r.after());
            after.setStyle(TEXT + "-fx-font-weight: bold;");
            Label change = new Label(r.change());
            change.setStyle(r.better() == null ? DIM : r.better() ? "-fx-text-fill: #7ee787;" : "-fx-text-fill: #ff7b72;");
            summaryGrid.addRow(row++, what, before, after, change);
            GridPane.setHalignment(before, HPos.RIGHT);
            GridPane.setHalignment(after, HPos.RIGHT);
        }
    }

    private static Label dim(String text) {
        Label l = new Label(text);
        l.setStyle(DIM + "-fx-font-size: 11px;");
        return l;
    }

    static String clock(double seconds) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%d:%02d.%d", ms / 60000, (ms / 1000) % 60, (ms % 1000) / 100);
    }

    public AdaptViewModel viewModel() { return vm; }
    public LossPlot lossPlot() { return plot; }
    public Button saveButton() { return save; }
    public Button cancelButton() { return cancel; }
    public Button previewButton() { return preview; }
}
