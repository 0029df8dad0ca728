package io.adamesh.ui;

import io.adamesh.audio.LineCaptureSource;
import io.adamesh.audio.OutputLine;
import io.adamesh.audio.JavaSoundOutputLine;
import io.adamesh.audio.SimulatedOutputLine;
import io.adamesh.audio.WaveformPeaks;
import io.adamesh.face.FaceModel;
import io.adamesh.face.RigEvaluator;
import io.adamesh.timeline.MediaClip;
import io.adamesh.ui.audio.AudioTrackViewModel;
import io.adamesh.ui.audio.LevelMeter;
import io.adamesh.ui.audio.LiveInputViewModel;
import io.adamesh.ui.audio.TransportBar;
import io.adamesh.ui.export.ExportViewModel;
import io.adamesh.ui.tasks.FxTaskExecutor;
import io.adamesh.ui.tasks.TaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import io.adamesh.ui.timeline.ShortcutSheet;
import io.adamesh.ui.timeline.TimelineView;
import io.adamesh.ui.timeline.TimelineViewModel;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The studio's main window content: menu bar, toolbar (frame head, timeline preview, live input),
 * viewport + control panel over the timeline dock, transport bar and status bar, plus the render loop
 * (DESIGN.md section 8: one AnimationTimer, reused buffers, one bulk upload per mesh part, no
 * Platform.runLater per frame). The open project lives in a {@link StudioDocument}; playback follows
 * the audio clock through {@link PlaybackController}.
 *
 * <p>Viewport rule (docs/decisions/0008): while "Preview timeline" is on and the project has
 * animation, the face is the timeline evaluated at the playhead — exactly what Export writes — and the
 * expression/pose sliders are disabled; otherwise the sliders pose the face. Identity sliders apply
 * in both modes.
 */
public final class StudioWindow {
    /** Called on the FX thread every pulse, before and after the frame's rig update. */
    public interface PulseHook {
        default void beforeFrame(long now, StudioWindow w) {}
        default void afterFrame(long now, StudioWindow w) {}
    }

    /** What the window needs from outside, replaceable in tests. */
    public record Services(TaskExecutor tasks, Path recoveryDir, Supplier<OutputLine> outputLines, LiveInputViewModel liveInput) {
        public static Services defaults(Path recoveryDir) {
            return new Services(new FxTaskExecutor(), recoveryDir, StudioWindow::openOutputLine,
                    new LiveInputViewModel(LineCaptureSource::inputNames, LineCaptureSource::new));
        }
    }

    /** The sound card's output, or a silent simulated line when there is none (playback still runs). */
    static OutputLine openOutputLine() {
        try {
            return JavaSoundOutputLine.openDefault(120, 0);
        } catch (JavaSoundOutputLine.PlaybackUnavailableException | RuntimeException e) {
            return new SimulatedOutputLine(SimulatedOutputLine.Clock.system(), 16_000 / 10, 0);
        }
    }

    private final HeadLoader.Result head;
    private final DialogService dialogs;
    private final Services services;
    private final FaceControlsViewModel vm;
    private final StudioDocument document;
    private final PlaybackController playback;
    private final LiveInputViewModel liveInput;
    private final StudioViewport viewport = new StudioViewport();
    private final io.adamesh.ui.animate.AnimationViewModel animation;
    private long lastLiveFrame = Long.MIN_VALUE;
    private final ControlPanel panel;
    private final SplitPane split;
    private final SplitPane dock;
    private final VBox timelineBox = new VBox();
    private final BorderPane root = new BorderPane();
    private final Label statusMessage = new Label();
    private final Label statusFigures = new Label();
    private final ProgressBar taskProgress = new ProgressBar();
    private final Button taskCancel = new Button("Cancel");
    private final ToggleButton previewToggle = new ToggleButton("Preview timeline");
    private final MenuItem undoItem = new MenuItem("Undo");
    private final MenuItem redoItem = new MenuItem("Redo");
    private final FrameStats stats = new FrameStats(120);
    private final HeadMesh headMesh;
    private final RigEvaluator rig;
    private final float[] verts;
    private final float[] normals;
    private TimelineView timelineView;
    private String mixKey = "";
    private boolean mediaStale = true;
    private boolean timelineShown;
    private boolean fitPending;
    private double lastEvalTime = Double.NaN;
    private long lastEvalRevision = -1;
    private long lastPulse;
    private long lastAutosaveMillis;
    private TaskHandle exportTask;
    private Runnable onQuit = () -> { };
    private PulseHook hook;
    private long lastStatusNanos;
    private long frames;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override public void handle(long now) { pulse(now); }
    };

    public StudioWindow(HeadLoader.Result head, StudioSettings settings, DialogService dialogs) {
        this(head, settings, dialogs, new Services(new FxTaskExecutor(), Path.of(System.getProperty("java.io.tmpdir"), "adamesh-recovery"),
                StudioWindow::openOutputLine, new LiveInputViewModel(List::of, n -> null)));
    }

    public StudioWindow(HeadLoader.Result head, StudioSettings settings, DialogService dialogs, Services services) {
        this.head = head;
        this.dialogs = dialogs;
        this.services = services;
        FaceModel model = head.model();
        this.vm = new FaceControlsViewModel(model);
        this.panel = new ControlPanel(vm);
        this.document = new StudioDocument(dialogs, services.tasks(), services.recoveryDir());
        this.playback = new PlaybackController(services.outputLines());
        this.liveInput = services.liveInput();
        this.animation = new io.adamesh.ui.animate.AnimationViewModel(services.tasks());
        this.speakerRoot = speakerLibraryRoot(settings);
        animation.useLibrary(speakerRoot);
        animation.libraryWarnings().addListener((javafx.collections.ListChangeListener<String>) c -> warnLibrary());
        if (model != null) {
            rig = new RigEvaluator(model);
            verts = new float[model.vertexCount() * 3];
            normals = new float[model.vertexCount() * 3];
            headMesh = new HeadMesh(model);
            vm.apply(settings.sliders);
            updateHead();
            viewport.setHead(headMesh.node());
        } else {
            rig = null;
            verts = new float[0];
            normals = new float[0];
            headMesh = null;
            viewport.showHint("No head loaded.\n" + head.problem()
                    + "\nGenerate or copy a head to " + head.file() + " and restart the studio.");
        }

        Button frameButton = new Button("Frame head (F)");
        frameButton.setId("frame-head");
        frameButton.setOnAction(e -> frameHead());
        frameButton.setDisable(model == null);
        previewToggle.setId("preview-timeline");
        previewToggle.setSelected(true);
        previewToggle.setTooltip(new Tooltip("On: the face shows the timeline at the playhead (what Export writes).\n"
                + "Off: the expression and pose sliders pose the face."));
        previewToggle.selectedProperty().addListener((o, a, b) -> lastEvalRevision = -1);
        Label headName = new Label(model == null ? "no head" : model.id() + " · " + model.vertexCount()
                + " vertices · " + model.faceCount() + " triangles");
        headName.setId("head-name");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar toolbar = new ToolBar(frameButton, previewToggle, new javafx.scene.control.Separator(), liveInputSection(), spacer, headName);
        io.adamesh.ui.animate.AnimationBar animationBar = new io.adamesh.ui.animate.AnimationBar(animation, this::generateForSelection);
        ToolBar animateBar = animationBar.node();
        animationStatus = animationBar.statusNodes();
        liveInput.runningProperty().addListener((o, was, now) -> {
            if (now) {
                try {
                    animation.startLive(liveInput.ring(), liveInput.capture());
                } catch (Exception ex) {
                    statusMessage.setText("Live animation: " + ex.getMessage());
                }
            } else {
                animation.stopLive();
                lastLiveFrame = Long.MIN_VALUE;
                lastEvalRevision = -1;
            }
        });
        if (model != null) {
            // adamesh.bundle (ADAMESH_PROPERTIES="adamesh.bundle=DIR" for the installed app) picks another bundle,
            // e.g. one trained on a wav2vec 2.0 / HuBERT export (docs/wav2vec2-training.md)
            String chosen = System.getProperty("adamesh.bundle", "");
            java.nio.file.Path bundleDir = chosen.isBlank()
                    ? head.file().toAbsolutePath().getParent().getParent().resolve("models/default")
                    : java.nio.file.Path.of(chosen);
            if (java.nio.file.Files.isDirectory(bundleDir)) {
                animation.load(bundleDir, model);
            } else if (!chosen.isBlank()) {
                statusMessage.setText("Model bundle " + bundleDir + " (adamesh.bundle) is not a folder");
            }
        }

        split = new SplitPane(viewport.node(), panel.node());
        split.setOrientation(Orientation.HORIZONTAL);
        SplitPane.setResizableWithParent(panel.node(), false);
        split.setDividerPositions(clamp(settings.dividerPosition, 0.3, 0.9));

        timelineBox.setId("timeline-dock");
        timelineBox.setMinHeight(120);
        dock = new SplitPane(split, timelineBox);
        dock.setOrientation(Orientation.VERTICAL);
        SplitPane.setResizableWithParent(timelineBox, false);
        dock.setDividerPositions(Double.isFinite(settings.dockDivider) ? Math.max(0.3, Math.min(0.9, settings.dockDivider)) : 0.62);

        statusMessage.setId("status-message");
        statusFigures.setId("status-figures");
        statusFigures.setStyle("-fx-font-family: monospace;");
        taskProgress.setId("task-progress");
        taskProgress.setPrefWidth(160);
        taskCancel.setId("task-cancel");
        taskProgress.setVisible(false);
        taskCancel.setVisible(false);
        taskCancel.setOnAction(e -> {
            TaskHandle h = currentTask();
            if (h != null) h.cancel();
        });
        Region statusSpacer = new Region();
        HBox.setHgrow(statusSpacer, Priority.ALWAYS);
        HBox status = new HBox(12, statusMessage, statusSpacer, taskProgress, taskCancel);
        status.getChildren().addAll(animationStatus);
        status.getChildren().add(statusFigures);
        status.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        status.setPadding(new Insets(3, 8, 3, 8));
        status.setStyle("-fx-background-color: derive(-fx-base, -8%);");

        root.setTop(new VBox(menuBar(), toolbar, animateBar));
        root.setCenter(dock);
        root.setBottom(status);
        installDragAndDrop();

        document.statusProperty().addListener((o, a, b) -> statusMessage.setText(b));
        document.timelineProperty().addListener((o, a, b) -> attachTimeline(b));
        document.mediaRevisionProperty().addListener((o, a, b) -> mediaStale = true);
        attachTimeline(document.timeline());

        StudioSettings.Camera cam = settings.camera;
        if (model != null) {
            if (cam.distance > 0) {
                OrbitCamera o = viewport.orbit();
                o.yaw = cam.yaw; o.pitch = cam.pitch; o.distance = cam.distance;
                o.targetX = cam.targetX; o.targetY = cam.targetY; o.targetZ = cam.targetZ;
                viewport.applyCamera();
            } else {
                frameHead();
            }
        }
        if (!head.ok()) statusMessage.setText("No head loaded: " + head.file());
    }

    private MenuBar menuBar() {
        MenuItem newProject = item("New project", "menu-new", "Shortcut+N", document::newProject);
        MenuItem open = item("Open project…", "menu-open", "Shortcut+O", document::open);
        MenuItem save = item("Save", "menu-save", "Shortcut+S", document::save);
        MenuItem saveAs = item("Save As…", "menu-save-as", "Shortcut+Shift+S", document::saveAs);
        MenuItem importAudio = item("Import audio…", "menu-import-audio", "Shortcut+I", document::importAudio);
        MenuItem relink = item("Relink missing media…", "menu-relink", null, document::relinkMissing);
        MenuItem export = item("Export clip…", "menu-export", "Shortcut+E", this::exportClip);
        MenuItem quit = item("Quit", "menu-quit", "Shortcut+Q", this::requestQuit);
        MenuItem reference = item("Reference video…", "menu-reference-video", "Shortcut+R", this::showReferenceVideo);
        MenuItem importVideo = item("Import reference video…", "menu-import-video", null, document::importReferenceVideo);
        MenuItem speakers = item("Speakers…", "menu-speakers", null, this::showSpeakers);
        Menu file = new Menu("File", null, newProject, open, new SeparatorMenuItem(), save, saveAs, new SeparatorMenuItem(),
                importAudio, importVideo, reference, speakers, relink, export, new SeparatorMenuItem(), quit);
        file.setId("menu-file");
        undoItem.setId("menu-undo");
        undoItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Z"));
        undoItem.setOnAction(e -> document.timeline().undo());
        redoItem.setId("menu-redo");
        redoItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+Z"));
        redoItem.setOnAction(e -> document.timeline().redo());
        Menu edit = new Menu("Edit", null, undoItem, redoItem);
        edit.setId("menu-edit");
        MenuItem frame = item("Frame head", "menu-frame-head", "F", this::frameHead);
        MenuItem shortcuts = item("Shortcuts", "menu-shortcuts", "F1",
                () -> ShortcutSheet.dialog(root.getScene() == null ? null : root.getScene().getWindow()).show());
        MenuItem referenceView = item("Reference video", "menu-view-reference", null, this::showReferenceVideo);
        Menu view = new Menu("View", null, frame, referenceView, shortcuts);
        view.setId("menu-view");
        MenuBar bar = new MenuBar(file, edit, curvesMenu(), layersMenu(), view);
        bar.setId("menu-bar");
        return bar;
    }

    /**
     * Curve operations on the selected keys (each one undoable edit): scale intensity, offset, smooth,
     * simplify to keys, time-stretch and tangent modes. Disabled while no key is selected.
     */
    private Menu curvesMenu() {
        MenuItem scale = item("Scale intensity…", "menu-curve-scale", null, () -> dialogs
                .askNumber("Scale intensity", "Multiply the selected keys' values by", 1.25, 0, 10)
                .ifPresent(f -> document.timeline().scaleIntensity(f)));
        MenuItem offset = item("Offset…", "menu-curve-offset", null, () -> dialogs
                .askNumber("Offset", "Add to the selected keys' values", 0.1, -1, 1)
                .ifPresent(dv -> document.timeline().offsetSelection(dv)));
        MenuItem smooth = item("Smooth", "menu-curve-smooth", null, () -> document.timeline().smoothSelection(0.5));
        MenuItem simplify = item("Simplify to keys…", "menu-curve-simplify", null, () -> dialogs
                .askNumber("Simplify to keys", "Largest allowed deviation from the curve", 0.02, 0.0001, 1)
                .ifPresent(tol -> document.timeline().simplifySelection(tol)));
        MenuItem stretch = item("Time-stretch…", "menu-curve-stretch", null, () -> dialogs
                .askNumber("Time-stretch", "Stretch the selected keys in time by", 1.2, 0.05, 20)
                .ifPresent(f -> document.timeline().timeStretch(f)));
        Menu tangents = new Menu("Tangents");
        for (io.adamesh.timeline.TangentMode mode : io.adamesh.timeline.TangentMode.values()) {
            String name = mode.name().charAt(0) + mode.name().substring(1).toLowerCase(java.util.Locale.ROOT);
            tangents.getItems().add(item(name, "menu-tangent-" + mode.name().toLowerCase(java.util.Locale.ROOT), null,
                    () -> document.timeline().setTangentMode(mode)));
        }
        Menu curves = new Menu("Curves", null, scale, offset, smooth, simplify, stretch, new SeparatorMenuItem(), tangents);
        curves.setId("menu-curves");
        curves.setOnShowing(e -> {
            boolean none = document.timeline().selectionProperty().get().isEmpty();
            for (MenuItem m : List.of(scale, offset, smooth, simplify, stretch, tangents)) m.setDisable(none);
        });
        return curves;
    }

    /**
     * Edit layers over the generated motion: new additive or override layers (hand edits survive
     * re-generation), the active layer for new keys, and muting it.
     */
    private Menu layersMenu() {
        MenuItem add = item("New edit layer", "menu-layer-add", null,
                () -> document.timeline().addEditLayer(io.adamesh.timeline.Blend.ADD));
        MenuItem override = item("New override layer", "menu-layer-override", null,
                () -> document.timeline().addEditLayer(io.adamesh.timeline.Blend.OVERRIDE));
        MenuItem mute = item("Mute/unmute active layer", "menu-layer-mute", null, () -> document.timeline().toggleActiveLayerMuted());
        Menu active = new Menu("Active layer");
        active.setId("menu-layer-active");
        Menu layers = new Menu("Layers", null, add, override, mute, new SeparatorMenuItem(), active);
        layers.setId("menu-layers");
        layers.setOnShowing(e -> {
            active.getItems().clear();
            ToggleGroup group = new ToggleGroup();
            var tvm = document.timeline();
            for (io.adamesh.timeline.Layer l : tvm.project().layers()) {
                RadioMenuItem r = new RadioMenuItem(l.name() + (l.muted() ? " (muted)" : ""));
                r.setId("menu-layer-" + l.id());
                r.setToggleGroup(group);
                r.setSelected(l.id().equals(tvm.activeLayerProperty().get()));
                r.setOnAction(ev -> tvm.activeLayerProperty().set(l.id()));
                active.getItems().add(r);
            }
        });
        return layers;
    }

    private static MenuItem item(String text, String id, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        if (accelerator != null) m.setAccelerator(KeyCombination.keyCombination(accelerator));
        m.setOnAction(e -> action.run());
        return m;
    }

    private HBox liveInputSection() {
        Label title = new Label("Mic");
        ComboBox<String> devices = new ComboBox<>(liveInput.devices());
        devices.setId("mic-device");
        devices.setPrefWidth(170);
        devices.valueProperty().bindBidirectional(liveInput.deviceProperty());
        devices.disableProperty().bind(liveInput.availableProperty().not().or(liveInput.runningProperty()));
        ToggleButton toggle = new ToggleButton("Start");
        toggle.setId("mic-toggle");
        toggle.textProperty().bind(javafx.beans.binding.Bindings.when(liveInput.runningProperty()).then("Stop").otherwise("Start"));
        toggle.setOnAction(e -> {
            liveInput.toggle();
            toggle.setSelected(liveInput.runningProperty().get());
        });
        toggle.disableProperty().bind(liveInput.availableProperty().not());
        LevelMeter meter = new LevelMeter();
        meter.setId("mic-meter");
        meter.setPrefSize(110, 12);
        meter.rmsDbProperty().bind(liveInput.rmsDbProperty());
        meter.peakDbProperty().bind(liveInput.peakDbProperty());
        Label status = new Label();
        status.setId("mic-status");
        status.textProperty().bind(liveInput.statusProperty());
        status.setMaxWidth(420);
        status.setTooltip(new Tooltip());
        status.getTooltip().textProperty().bind(liveInput.statusProperty());
        liveInput.availableProperty().addListener((o, a, b) -> status.setStyle(b ? "" : "-fx-text-fill: #d9822b;"));
        if (!liveInput.availableProperty().get()) status.setStyle("-fx-text-fill: #d9822b;");
        HBox box = new HBox(6, title, devices, toggle, meter, status);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.setId("live-input");
        return box;
    }

    private void installDragAndDrop() {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) for (File f : e.getDragboard().getFiles()) dropFile(f.toPath());
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** A dropped file: a project opens, anything else is imported as audio. */
    public void dropFile(Path f) {
        if (f.getFileName().toString().endsWith("." + StudioDocument.EXTENSION)) document.openFile(f, true);
        else document.importAudio(f);
    }

    private void attachTimeline(TimelineViewModel tvm) {
        timelineView = new TimelineView(tvm);
        timelineView.setId("timeline");
        VBox.setVgrow(timelineView, Priority.ALWAYS);
        timelineBox.getChildren().setAll(timelineView);
        playback.attach(tvm);
        mixKey = "";
        mediaStale = true;
        undoItem.textProperty().bind(tvm.undoTextProperty());
        redoItem.textProperty().bind(tvm.redoTextProperty());
        undoItem.disableProperty().bind(tvm.canUndoProperty().not());
        redoItem.disableProperty().bind(tvm.canRedoProperty().not());
        tvm.revisionProperty().addListener((o, a, b) -> mediaStale = true);
        lastEvalRevision = -1;
        if (document.hasAnimation()) previewToggle.setSelected(true);
        fitPending = true;
    }

    /** Re-mixes playback audio and hands waveform peaks to the timeline when clips or media changed. */
    private void refreshMedia() {
        mediaStale = false;
        var audio = document.audio();
        for (MediaClip c : document.project().voice().clips()) {
            StudioDocument.Audio a = audio.get(c.path());
            if (a != null) timelineView.setPeaks(c.id(), peakSource(a.peaks()));
        }
        var thumbs = document.thumbnails();
        for (MediaClip c : document.project().reference().clips()) {
            VideoThumbnails t = thumbs.get(c.path());
            if (t != null) timelineView.setThumbnails(c.id(), t);
        }
        String key = VoiceMix.key(document.project(), audio);
        if (key.equals(mixKey)) return;
        mixKey = key;
        AudioTrackViewModel track = playback.setMix(VoiceMix.render(document.project(), audio));
        if (track == null) {
            timelineBox.getChildren().setAll(timelineView);
        } else {
            TransportBar bar = new TransportBar(track);
            bar.setId("transport");
            timelineBox.getChildren().setAll(bar, timelineView);
        }
    }

    private static io.adamesh.timeline.draw.PeakSource peakSource(WaveformPeaks p) {
        return (from, to, columns, outMin, outMax) -> p.columns(Math.round(from * VoiceMix.RATE), Math.round(to * VoiceMix.RATE),
                columns, outMin, outMax);
    }

    // ---- commands ----

    /** File > Export clip…: the form, then the export in the background with progress and cancel. */
    public void exportClip() {
        if (head.model() == null) {
            dialogs.showError("Cannot export", "No head is loaded, so there is no mesh to export.\n" + head.problem(), null);
            return;
        }
        if (exportTask != null && !exportTask.isDone()) {
            dialogs.showWarning("Export running", "An export is already running; wait for it or cancel it.");
            return;
        }
        ExportViewModel form = new ExportViewModel(document.project(), document.timeline().selectedClipsProperty().get());
        Path base = document.session().file() != null ? document.session().file().toAbsolutePath().getParent()
                : Path.of(System.getProperty("user.home"));
        String name = document.session().file() != null ? document.session().file().getFileName().toString().replaceFirst("\\.[^.]*$", "")
                : document.project().name();
        form.outputProperty().set(base.resolve(name + "." + form.formatProperty().get().extension));
        if (!dialogs.editExport(form)) return;
        ExportViewModel.ExportRequest r;
        try {
            r = form.request();
        } catch (IllegalStateException e) {
            dialogs.showError("Cannot export", e.getMessage(), null);
            return;
        }
        var work = ExportViewModel.prepare(r, document.project(), head.model(), vm.params());
        statusMessage.setText("Exporting " + r.output().getFileName() + "…");
        exportTask = services.tasks().submit("Exporting " + r.output().getFileName(), work,
                out -> statusMessage.setText("Exported " + out.getFileName() + " (" + r.format().name() + ", "
                        + (int) r.options().fps() + " fps)"),
                err -> {
                    if (err instanceof java.util.concurrent.CancellationException) {
                        statusMessage.setText("Export cancelled; nothing was written");
                    } else {
                        statusMessage.setText("Export failed");
                        dialogs.showError("Export failed", r.output() + "\n\n" + StudioDocument.reason(err),
                                err instanceof io.adamesh.export.ExportException ? null : err);
                    }
                });
    }

    /** File > Quit (and the window's close button): asks about unsaved changes first. */
    public boolean requestQuit() {
        if (!document.confirmClose()) return false;
        onQuit.run();
        return true;
    }

    public void setOnQuit(Runnable r) { onQuit = r == null ? () -> { } : r; }

    private TaskHandle currentTask() {
        if (exportTask != null && !exportTask.isDone()) return exportTask;
        if (generationTask != null && !generationTask.isDone()) return generationTask;
        return document.taskProperty().get();
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isFinite(v) ? Math.max(lo, Math.min(hi, v)) : 0.72;
    }

    /** Shows start-up problems (a missing or corrupt head) through the dialog service. */
    public void reportStartupProblems() {
        if (!head.ok()) {
            dialogs.showError("Head file could not be loaded",
                    head.problem() + "\n\nThe studio opens without a head; the controls stay disabled.", head.cause());
        }
    }

    /** Puts a warning in the status bar (e.g. settings were reset). */
    public void warn(String message) {
        statusMessage.setText("⚠ " + message);
    }

    public void start() { timer.start(); }

    /**
     * The reference-video window: a person's video with its tracked landmarks and, beside it, the
     * head fitted to them (issue 9). Created on first use; tracking runs on its own task runner.
     */
    void showReferenceVideo() {
        if (referenceStage == null) {
            referenceRunner = new io.adamesh.ui.track.FxTaskRunner(2);
            referenceModel = new io.adamesh.ui.track.ReferenceVideoViewModel(head.model(),
                    io.adamesh.track.TrackingDataFiles.fromEnvironment(), referenceRunner);
            io.adamesh.ui.track.ReferenceVideoPanel panel = new io.adamesh.ui.track.ReferenceVideoPanel(referenceModel);
            referencePanel = panel;
            panel.setOnAdapt(() -> adaptController().adapt(referenceModel, referenceStage));
            referenceStage = new javafx.stage.Stage();
            referenceStage.setTitle("Reference video — AdaMesh Studio");
            if (root.getScene() != null) referenceStage.initOwner(root.getScene().getWindow());
            referenceStage.setScene(new javafx.scene.Scene(panel, 1200, 680));
        }
        referenceStage.show();
        referenceStage.toFront();
    }

    /** The speaker library folder: -Dadamesh.speakerLibrary, else the settings' choice, else the default. */
    static Path speakerLibraryRoot(StudioSettings settings) {
        String p = System.getProperty("adamesh.speakerLibrary");
        if (p == null || p.isBlank()) p = settings.speakerLibrary;
        return p == null || p.isBlank() ? io.adamesh.speaker.SpeakerProfileStore.defaultRoot() : Path.of(p);
    }

    private final java.util.Set<String> libraryWarningsShown = new java.util.HashSet<>();

    /** Profiles the library could not read: one warning listing them (each problem shown once per run). */
    private void warnLibrary() {
        List<String> fresh = animation.libraryWarnings().stream().filter(libraryWarningsShown::add).toList();
        if (fresh.isEmpty()) return;
        statusMessage.setText("⚠ " + fresh.size() + (fresh.size() == 1 ? " speaker profile was" : " speaker profiles were") + " skipped");
        dialogs.showWarning("Some speaker profiles were skipped", String.join("\n", fresh)
                + "\n\nThe other speakers are available. Each line above says why its profile was skipped (a profile"
                + " learned for another model bundle must be learned again from its video); profiles are kept in "
                + speakerRoot + ".");
    }

    /** The adapt flow (created on first use). */
    public io.adamesh.ui.adapt.AdaptController adaptController() {
        if (adaptController == null) {
            adaptController = new io.adamesh.ui.adapt.AdaptController(dialogs, animation, services.tasks(),
                    javafx.application.Platform::runLater, services.outputLines(), this::playSideBySide, statusMessage::setText);
        }
        return adaptController;
    }

    /** File › Speakers…: rename, delete, export and import learned speakers. */
    public void showSpeakers() {
        io.adamesh.ui.speakers.SpeakerManagerViewModel m = new io.adamesh.ui.speakers.SpeakerManagerViewModel(speakerStore(),
                dialogs, () -> animation.reloadSpeakers(null), libraryWarningsShown);
        m.refresh();
        javafx.stage.Stage s = new javafx.stage.Stage();
        s.setTitle("Speakers — AdaMesh Studio");
        if (root.getScene() != null) s.initOwner(root.getScene().getWindow());
        s.setScene(new javafx.scene.Scene(new io.adamesh.ui.speakers.SpeakerManagerPane(m, s::close), 640, 420));
        s.show();
    }

    /**
     * Plays {@code p} in the viewport (timeline playback pauses) until it ends or another starts; the
     * reference window shows the same moments of the video.
     */
    public void playSideBySide(io.adamesh.ui.adapt.SideBySidePreview p) {
        if (sideBySide != null) sideBySide.stop();
        document.timeline().playingProperty().set(false);
        sideBySide = p;
        if (referenceStage != null) {
            referenceStage.show();
        }
        p.start();
    }

    /** The side-by-side preview playing now, or null. */
    public io.adamesh.ui.adapt.SideBySidePreview sideBySide() { return sideBySide; }

    /**
     * The speaker library: the one opened for the loaded bundle, or (while the models load or when they
     * are missing) one that lists and manages the folder without checking the bundle.
     */
    public io.adamesh.speaker.SpeakerProfileStore speakerStore() {
        var s = animation.library();
        return s != null ? s : new io.adamesh.speaker.SpeakerProfileStore(speakerRoot);
    }
    public io.adamesh.ui.track.ReferenceVideoPanel referencePanel() { return referencePanel; }
    /** The reference-video window (null before it was first opened). */
    public javafx.stage.Stage referenceStage() { return referenceStage; }
    public io.adamesh.ui.track.ReferenceVideoViewModel referenceModel() { return referenceModel; }

    private final Path speakerRoot;
    private io.adamesh.ui.adapt.AdaptController adaptController;
    private io.adamesh.ui.adapt.SideBySidePreview sideBySide;
    private io.adamesh.ui.track.ReferenceVideoPanel referencePanel;
    private java.util.List<javafx.scene.Node> animationStatus = java.util.List.of();
    private javafx.stage.Stage referenceStage;
    private io.adamesh.ui.track.ReferenceVideoViewModel referenceModel;
    private io.adamesh.ui.track.FxTaskRunner referenceRunner;

    public void stop() {
        if (sideBySide != null) sideBySide.stop();
        if (referenceStage != null) {
            referenceStage.close();
            referenceModel.close();
            referenceRunner.close();
        }
        timer.stop();
        playback.close();
        liveInput.close();
        animation.close();
        services.tasks().shutdown();
    }

    public void setPulseHook(PulseHook hook) { this.hook = hook; }

    /** Frames the head unless the settings remembered a camera (call once the window has its size). */
    public void frameHeadIfUnplaced(StudioSettings s) {
        if (s.camera.distance <= 0) frameHead();
    }

    public void frameHead() {
        if (headMesh == null) return;
        viewport.frame(verts, verts.length / 3);
    }

    /** True when the viewport shows the timeline (see the class comment). */
    public boolean showsTimeline() {
        return previewToggle.isSelected() && document.hasAnimation();
    }

    private void pulse(long now) {
        frames++;
        stats.recordPulse(now);
        double dt = lastPulse == 0 ? 0 : Math.min(0.25, (now - lastPulse) / 1e9);
        lastPulse = now;
        PulseHook h = hook;
        if (h != null) h.beforeFrame(now, this);
        if (mediaStale) refreshMedia();
        if (fitPending && timelineView.getWidth() > 0) {    // once the dock has its size
            fitPending = false;
            TimelineViewModel tvm = document.timeline();
            tvm.setViewWidth(timelineView.getWidth() - io.adamesh.timeline.draw.TimelineGeometry.HEADER);
            tvm.zoomToFit();
        }
        playback.pulse(dt);
        liveInput.refresh();
        updateTaskProgress();
        long ms = System.currentTimeMillis();
        if (ms - lastAutosaveMillis >= 1000) {
            lastAutosaveMillis = ms;
            document.tickAutosave(ms);
        }
        animation.refresh(now);
        io.adamesh.animate.LatestFrame<io.adamesh.animate.LiveFrame> live = animation.liveFrames();
        if (headMesh != null && live != null) {
            // live: newest frame from the inference thread, copied into the reused params (no allocation)
            io.adamesh.animate.LiveFrame f = live.acquire();
            if (f.frame != lastLiveFrame && f.frame >= 0) {
                lastLiveFrame = f.frame;
                io.adamesh.face.FaceParams p = vm.params();
                System.arraycopy(f.params.expressions(), 0, p.expressions(), 0, p.expressions().length);
                System.arraycopy(f.params.pose(), 0, p.pose(), 0, p.pose().length);
                updateHead();
            }
        } else if (headMesh != null && sideBySide != null && document.timeline().playingProperty().get()) {
            sideBySide.stop();                                // the timeline took over
            sideBySide = null;
            lastEvalRevision = -1;
            timelineShown = !showsTimeline();
        } else if (headMesh != null && sideBySide != null) {
            // side-by-side preview: the adapted animation at the audio clock; the reference window follows
            if (sideBySide.advance(dt, head.model(), vm.params())) updateHead();
            if (sideBySide.isOver()) {
                sideBySide = null;
                statusMessage.setText("Side-by-side preview finished");
                lastEvalRevision = -1;
                if (!showsTimeline()) vm.rewriteAll();
                timelineShown = !showsTimeline();     // re-apply the slider mode next pulse
            }
        } else if (headMesh != null) {
            boolean timeline = showsTimeline();
            if (timeline != timelineShown) {
                timelineShown = timeline;
                vm.posingEnabledProperty().set(!timeline);
                if (!timeline) vm.rewriteAll();
                lastEvalRevision = -1;
            }
            boolean update = vm.consumeDirty();
            if (timeline) {
                TimelineViewModel tvm = document.timeline();
                double t = tvm.playheadProperty().get();
                long rev = tvm.revisionProperty().get();
                if (update || t != lastEvalTime || rev != lastEvalRevision) {
                    tvm.evaluator().evaluate(t, head.model(), vm.params());
                    lastEvalTime = t;
                    lastEvalRevision = rev;
                    update = true;
                }
            }
            if (update) updateHead();
        }
        if (now - lastStatusNanos > 500_000_000L) {
            lastStatusNanos = now;
            double wms = stats.workMsP50();
            double fps = stats.fps();
            statusFigures.setText(String.format(Locale.ROOT, "rig+upload %s ms   viewport %s fps",
                    Double.isNaN(wms) ? "–" : String.format(Locale.ROOT, "%.2f", wms),
                    Double.isNaN(fps) ? "–" : String.format(Locale.ROOT, "%.1f", fps)));
        }
        if (h != null) h.afterFrame(now, this);
    }

    private void updateTaskProgress() {
        TaskHandle t = currentTask();
        boolean show = t != null && !t.isDone();
        if (taskProgress.isVisible() != show) {
            taskProgress.setVisible(show);
            taskCancel.setVisible(show);
        }
        if (show) taskProgress.setProgress(t.progress() > 0 ? t.progress() : ProgressBar.INDETERMINATE_PROGRESS);
    }

    /**
     * "Generate animation": for the selected voice clip, runs the offline animator in the background and
     * puts the clip on the animation track; when that voice already has a generated clip, re-generates it
     * in place (another speaker or intensity in one action).
     */
    public TaskHandle generateForSelection() {
        TimelineViewModel tvm = document.timeline();
        if (!animation.ready()) {
            statusMessage.setText("Models are still loading (or unavailable: " + animation.providerProperty().get() + ")");
            return null;
        }
        MediaClip voice = null;
        for (MediaClip c : document.project().voice().clips()) {
            if (tvm.selectedClipsProperty().get().contains(c.id())) voice = c;
        }
        if (voice == null && document.project().voice().clips().size() == 1) voice = document.project().voice().clips().get(0);
        if (voice == null) {
            statusMessage.setText("Select a voice clip on the timeline to generate its animation");
            return null;
        }
        var audio = document.audioOf(voice.path());
        if (audio.isEmpty()) {
            statusMessage.setText("The voice clip's audio is not loaded (offline?)");
            return null;
        }
        String existing = io.adamesh.ui.animate.AnimationViewModel.generatedFrom(document.project(), voice.id());
        generationTask = animation.generate(document.project(), tvm.jobs(), voice, audio.get().samples(), existing,
                statusMessage::setText);
        return generationTask;
    }

    private TaskHandle generationTask;

    /** Evaluates the rig and uploads the mesh; returns the nanoseconds it took. */
    long updateHead() {
        long t0 = System.nanoTime();
        rig.evaluate(vm.params(), verts);
        rig.computeNormals(verts, normals);
        headMesh.update(verts, normals);
        long dt = System.nanoTime() - t0;
        stats.recordWork(dt);
        lastHeadUpdateNanos = dt;
        return dt;
    }

    private long lastHeadUpdateNanos;

    /** Nanoseconds the last rig evaluation + mesh upload took (probes). */
    long lastHeadUpdateNanos() { return lastHeadUpdateNanos; }

    /** Writes window-independent state (dividers, camera, sliders) into {@code s}. */
    public void captureInto(StudioSettings s) {
        s.dividerPosition = split.getDividers().isEmpty() ? s.dividerPosition : split.getDividers().get(0).getPosition();
        s.dockDivider = dock.getDividers().isEmpty() ? s.dockDivider : dock.getDividers().get(0).getPosition();
        if (headMesh != null) {
            OrbitCamera o = viewport.orbit();
            s.camera.yaw = o.yaw; s.camera.pitch = o.pitch; s.camera.distance = o.distance;
            s.camera.targetX = o.targetX; s.camera.targetY = o.targetY; s.camera.targetZ = o.targetZ;
            s.sliders = new java.util.LinkedHashMap<>(vm.values());
        }
    }

    public Parent root() { return root; }
    public FaceControlsViewModel viewModel() { return vm; }
    public StudioDocument document() { return document; }
    public PlaybackController playback() { return playback; }
    public LiveInputViewModel liveInput() { return liveInput; }
    public io.adamesh.ui.animate.AnimationViewModel animation() { return animation; }
    public TimelineView timelineView() { return timelineView; }
    public ToggleButton previewToggle() { return previewToggle; }
    public TaskHandle exportTask() { return exportTask; }
    public StudioViewport viewport() { return viewport; }
    public HeadMesh headMesh() { return headMesh; }
    public RigEvaluator rig() { return rig; }
    /** The last evaluated vertices (model space), [V, 3]. */
    public float[] vertices() { return verts; }
    public FrameStats stats() { return stats; }
    public long frames() { return frames; }
    public Label statusMessage() { return statusMessage; }
    public HeadLoader.Result head() { return head; }
}
