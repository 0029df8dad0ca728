package io.adamesh.ui.track;

import io.adamesh.ui.track.ReferenceVideoViewModel.FrameStatus;
import io.adamesh.ui.track.ReferenceVideoViewModel.FrameView;
import io.adamesh.ui.track.ReferenceVideoViewModel.MessageKind;
import java.io.File;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The reference video panel (issue 9): the video frame with the tracked landmarks and face box
 * overlaid, the fitted head beside it, a scrub bar with the selected range and the per-frame
 * confidence strip, the time, and "Track range" with progress and cancel. A standalone control:
 * put it anywhere in a scene; it does its work through its {@link ReferenceVideoViewModel}.
 */
public final class ReferenceVideoPanel extends BorderPane {
    private final ReferenceVideoViewModel vm;
    private final VideoFrameView video = new VideoFrameView();
    private final ImageView head = new ImageView();
    private final Label headPlaceholder = new Label("Track the range to see\nthe fitted head here.");
    private final Label headFigures = new Label();
    private final ScrubBar scrub;
    private final Label time = new Label();
    private final Label range = new Label();
    private final Label fileName = new Label("No video");
    private final Button open = new Button("Open video...");
    private final Button setIn = new Button("Set in");
    private final Button setOut = new Button("Set out");
    private final Button track = new Button("Track range");
    private final Button cancel = new Button("Cancel");
    private final Button adapt = new Button("Adapt speaker…");
    private final javafx.beans.property.ObjectProperty<Runnable> onAdapt = new javafx.beans.property.SimpleObjectProperty<>();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label message = new Label();

    public ReferenceVideoPanel(ReferenceVideoViewModel vm) {
        this.vm = vm;
        this.scrub = new ScrubBar(vm);
        getStyleClass().add("reference-panel");
        setStyle("-fx-background-color: #2b2e34;");
        video.setId("reference-video");
        head.setId("reference-head");
        scrub.setId("reference-scrub");
        time.setId("reference-time");
        range.setId("reference-range");
        open.setId("reference-open");
        track.setId("reference-track");
        cancel.setId("reference-cancel");
        progress.setId("reference-progress");
        message.setId("reference-message");
        setIn.setId("reference-set-in");
        setOut.setId("reference-set-out");
        adapt.setId("reference-adapt");
        adapt.setTooltip(new javafx.scene.control.Tooltip("Learn this person's way of talking from the selected range\n"
                + "(about 10 s of them speaking, facing the camera) and keep it as a speaker profile"));

        // top: file
        fileName.setStyle("-fx-text-fill: #d8dce3;");
        HBox top = new HBox(10, open, fileName);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 8, 6, 8));
        setTop(top);

        // centre: video | fitted head
        head.setFitWidth(FrameDecoder.HEAD_WIDTH);
        head.setFitHeight(FrameDecoder.HEAD_HEIGHT);
        head.setPreserveRatio(true);
        headPlaceholder.setStyle("-fx-text-fill: #9097a3;");
        headPlaceholder.setWrapText(true);
        StackPane headBox = new StackPane(headPlaceholder, head);
        headBox.setMinSize(FrameDecoder.HEAD_WIDTH, FrameDecoder.HEAD_HEIGHT);
        headBox.setPrefSize(FrameDecoder.HEAD_WIDTH, FrameDecoder.HEAD_HEIGHT);
        headBox.setMaxSize(FrameDecoder.HEAD_WIDTH, FrameDecoder.HEAD_HEIGHT);
        headBox.setStyle("-fx-background-color: #24272d;");
        Label headTitle = new Label("Fitted head");
        headTitle.setStyle("-fx-text-fill: #d8dce3; -fx-font-weight: bold;");
        headFigures.setStyle("-fx-text-fill: #b9bfc9;");
        headFigures.setId("reference-head-figures");
        VBox side = new VBox(6, headTitle, headBox, headFigures);
        side.setPadding(new Insets(0, 8, 0, 0));
        HBox.setHgrow(video, Priority.ALWAYS);
        HBox centre = new HBox(8, video, side);
        centre.setPadding(new Insets(0, 0, 0, 8));
        setCenter(centre);

        // bottom: scrub bar, controls, message
        time.setStyle("-fx-text-fill: #d8dce3; -fx-font-family: monospace;");
        range.setStyle("-fx-text-fill: #b9c8e8;");
        progress.setPrefWidth(140);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox controls = new HBox(8, time, spacer, range, setIn, setOut, track, progress, cancel, adapt);
        adapt.visibleProperty().bind(onAdapt.isNotNull());
        adapt.managedProperty().bind(onAdapt.isNotNull());
        controls.setAlignment(Pos.CENTER_LEFT);
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinHeight(Region.USE_PREF_SIZE);
        VBox bottom = new VBox(4, scrub, controls, message);
        bottom.setPadding(new Insets(6, 8, 8, 8));
        setBottom(bottom);

        bind();
    }

    private void bind() {
        vm.frameViewProperty().addListener((o, a, v) -> showFrame(v));
        time.textProperty().bind(vm.timeTextProperty());
        range.textProperty().bind(Bindings.createStringBinding(() -> vm.loadedProperty().get()
                        ? String.format(Locale.ROOT, "Range %s - %s (%.1f s)", ReferenceVideoViewModel.clock(vm.rangeStartSeconds()),
                        ReferenceVideoViewModel.clock(vm.rangeEndSeconds()), vm.rangeEndSeconds() - vm.rangeStartSeconds()) : "",
                vm.rangeStartProperty(), vm.rangeEndProperty(), vm.loadedProperty(), vm.fpsProperty()));
        fileName.textProperty().bind(Bindings.createStringBinding(() -> {
            var f = vm.videoFileProperty().get();
            if (f == null) {
                return "No video";
            }
            return vm.loadedProperty().get() ? String.format(Locale.ROOT, "%s   %dx%d, %.2f fps, %d frames, %s",
                    f.getFileName(), vm.videoWidthProperty().get(), vm.videoHeightProperty().get(), vm.fpsProperty().get(),
                    vm.frameCountProperty().get(), ReferenceVideoViewModel.clock(vm.durationSecondsProperty().get()))
                    : f.getFileName() + "   (opening...)";
        }, vm.videoFileProperty(), vm.loadedProperty(), vm.frameCountProperty()));
        track.disableProperty().bind(vm.canTrackProperty().not());
        open.disableProperty().bind(vm.trackingProperty().or(vm.loadingProperty()));
        setIn.disableProperty().bind(vm.loadedProperty().not().or(vm.trackingProperty()));
        setOut.disableProperty().bind(vm.loadedProperty().not().or(vm.trackingProperty()));
        cancel.visibleProperty().bind(vm.trackingProperty());
        cancel.managedProperty().bind(vm.trackingProperty());
        progress.visibleProperty().bind(vm.trackingProperty());
        progress.managedProperty().bind(vm.trackingProperty());
        progress.progressProperty().bind(vm.progressProperty());
        message.textProperty().bind(vm.messageProperty());
        message.styleProperty().bind(Bindings.createStringBinding(() -> "-fx-text-fill: "
                + colour(vm.messageKindProperty().get()) + ";", vm.messageKindProperty()));
        if (vm.trackingAvailableProperty().get()) {
            track.setTooltip(new javafx.scene.control.Tooltip("Track the face in the selected range"));
        } else {
            track.setTooltip(new javafx.scene.control.Tooltip(vm.messageProperty().get()));
        }

        adapt.disableProperty().bind(vm.loadedProperty().not().or(vm.trackingProperty()).or(vm.loadingProperty()));
        adapt.setOnAction(e -> {
            Runnable r = onAdapt.get();
            if (r != null) r.run();
        });
        open.setOnAction(e -> chooseVideo());
        track.setOnAction(e -> vm.trackRange());
        cancel.setOnAction(e -> vm.cancelTracking());
        setIn.setOnAction(e -> {
            int cur = vm.currentFrameProperty().get();
            vm.setRange(cur, Math.max(cur + 1, vm.rangeEndProperty().get()));
        });
        setOut.setOnAction(e -> {
            int cur = vm.currentFrameProperty().get();
            vm.setRange(Math.min(vm.rangeStartProperty().get(), cur), cur + 1);
        });
    }

    private static String colour(MessageKind k) {
        return switch (k) {
            case ERROR -> "#ff7b72";
            case WARNING -> "#f2cc60";
            default -> "#c9d1d9";
        };
    }

    private void showFrame(FrameView v) {
        video.show(v);
        if (v == null || v.fittedHead() == null) {
            head.setImage(null);
            headPlaceholder.setVisible(true);
            headFigures.setText(v != null && vm.trackedClipProperty().get() != null ? "Frame outside the tracked range" : "");
            return;
        }
        head.setImage(SwingFXUtils.toFXImage(v.fittedHead(), null));
        headPlaceholder.setVisible(false);
        if (v.status() == FrameStatus.USABLE) {
            headFigures.setText(String.format(Locale.ROOT, "confidence %.2f, residual %.1f px", v.confidence(),
                    v.residualPixels()));
        } else if (v.landmarks() == null) {
            headFigures.setText("no face found: interpolated");
        } else {
            headFigures.setText(String.format(Locale.ROOT, "flagged (residual %.1f px): interpolated", v.residualPixels()));
        }
    }

    private void chooseVideo() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a reference video");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Videos",
                ReferenceVideoViewModel.VIDEO_EXTENSIONS.stream().map(x -> "*." + x).toList()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    public ReferenceVideoViewModel viewModel() { return vm; }
    public VideoFrameView videoView() { return video; }
    public ImageView fittedHeadView() { return head; }
    public ScrubBar scrubBar() { return scrub; }
    public Label messageLabel() { return message; }
    public Button trackButton() { return track; }
    public Button adaptButton() { return adapt; }

    /** What "Adapt speaker…" does (the button shows only when set). */
    public void setOnAdapt(Runnable r) { onAdapt.set(r); }
}
