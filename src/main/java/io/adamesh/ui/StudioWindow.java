package io.adamesh.ui;

import io.adamesh.face.FaceModel;
import io.adamesh.face.RigEvaluator;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The studio's main window content: toolbar, viewport, control panel and status bar, plus the
 * render loop that re-evaluates the rig when the controls change (DESIGN.md section 8: an
 * AnimationTimer, reused buffers, one bulk upload per mesh part).
 */
public final class StudioWindow {
    /** Called on the FX thread every pulse, before and after the frame's rig update. */
    public interface PulseHook {
        default void beforeFrame(long now, StudioWindow w) {}
        default void afterFrame(long now, StudioWindow w) {}
    }

    private final HeadLoader.Result head;
    private final DialogService dialogs;
    private final FaceControlsViewModel vm;
    private final StudioViewport viewport = new StudioViewport();
    private final ControlPanel panel;
    private final SplitPane split;
    private final BorderPane root = new BorderPane();
    private final Label statusMessage = new Label();
    private final Label statusFigures = new Label();
    private final FrameStats stats = new FrameStats(120);
    private final HeadMesh headMesh;
    private final RigEvaluator rig;
    private final float[] verts;
    private final float[] normals;
    private PulseHook hook;
    private long lastStatusNanos;
    private long frames;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override public void handle(long now) { pulse(now); }
    };

    public StudioWindow(HeadLoader.Result head, StudioSettings settings, DialogService dialogs) {
        this.head = head;
        this.dialogs = dialogs;
        FaceModel model = head.model();
        this.vm = new FaceControlsViewModel(model);
        this.panel = new ControlPanel(vm);
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
        Label headName = new Label(model == null ? "no head" : model.id() + " · " + model.vertexCount()
                + " vertices · " + model.faceCount() + " triangles");
        headName.setId("head-name");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar toolbar = new ToolBar(frameButton, spacer, headName);

        split = new SplitPane(viewport.node(), panel.node());
        split.setOrientation(Orientation.HORIZONTAL);
        SplitPane.setResizableWithParent(panel.node(), false);
        split.setDividerPositions(clamp(settings.dividerPosition, 0.3, 0.9));

        statusMessage.setId("status-message");
        statusFigures.setId("status-figures");
        statusFigures.setStyle("-fx-font-family: monospace;");
        Region statusSpacer = new Region();
        HBox.setHgrow(statusSpacer, Priority.ALWAYS);
        HBox status = new HBox(12, statusMessage, statusSpacer, statusFigures);
        status.setPadding(new Insets(3, 8, 3, 8));
        status.setStyle("-fx-background-color: derive(-fx-base, -8%);");

        root.setTop(toolbar);
        root.setCenter(split);
        root.setBottom(status);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                frameHead();
                e.consume();
            }
        });

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
    public void stop() { timer.stop(); }

    public void setPulseHook(PulseHook hook) { this.hook = hook; }

    /** Frames the head unless the settings remembered a camera (call once the window has its size). */
    public void frameHeadIfUnplaced(StudioSettings s) {
        if (s.camera.distance <= 0) frameHead();
    }

    public void frameHead() {
        if (headMesh == null) return;
        viewport.frame(verts, verts.length / 3);
    }

    private void pulse(long now) {
        frames++;
        stats.recordPulse(now);
        PulseHook h = hook;
        if (h != null) h.beforeFrame(now, this);
        if (headMesh != null && vm.consumeDirty()) updateHead();
        if (now - lastStatusNanos > 500_000_000L) {
            lastStatusNanos = now;
            double ms = stats.workMsP50();
            double fps = stats.fps();
            statusFigures.setText(String.format(Locale.ROOT, "rig+upload %s ms   viewport %s fps",
                    Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%.2f", ms),
                    Double.isNaN(fps) ? "–" : String.format(Locale.ROOT, "%.1f", fps)));
        }
        if (h != null) h.afterFrame(now, this);
    }

    /** Evaluates the rig and uploads the mesh; returns the nanoseconds it took. */
    long updateHead() {
        long t0 = System.nanoTime();
        rig.evaluate(vm.params(), verts);
        rig.computeNormals(verts, normals);
        headMesh.update(verts, normals);
        long dt = System.nanoTime() - t0;
        stats.recordWork(dt);
        return dt;
    }

    /** Writes window-independent state (divider, camera, sliders) into {@code s}. */
    public void captureInto(StudioSettings s) {
        s.dividerPosition = split.getDividers().isEmpty() ? s.dividerPosition : split.getDividers().get(0).getPosition();
        if (headMesh != null) {
            OrbitCamera o = viewport.orbit();
            s.camera.yaw = o.yaw; s.camera.pitch = o.pitch; s.camera.distance = o.distance;
            s.camera.targetX = o.targetX; s.camera.targetY = o.targetY; s.camera.targetZ = o.targetZ;
            s.sliders = new java.util.LinkedHashMap<>(vm.values());
        }
    }

    public Parent root() { return root; }
    public FaceControlsViewModel viewModel() { return vm; }
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
