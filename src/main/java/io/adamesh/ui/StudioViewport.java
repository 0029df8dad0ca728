package io.adamesh.ui;

import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.AmbientLight;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.PerspectiveCamera;
import javafx.scene.PointLight;
import javafx.scene.SceneAntialiasing;
import javafx.scene.SubScene;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.transform.Rotate;
import javafx.scene.transform.Translate;

/**
 * The 3D viewport: a depth-buffered, multisampled {@link SubScene} with a perspective camera on an
 * {@link OrbitCamera} rig (left drag orbits, middle or shift+left drag pans, wheel zooms), key, fill
 * and rim point lights and a low ambient light. The head is added with {@link #setHead}.
 */
public final class StudioViewport {
    public static final Color BACKGROUND = Color.rgb(44, 46, 50);

    private final Group world = new Group();
    private final Group headSlot = new Group();
    private final SubScene subScene;
    private final PerspectiveCamera camera = new PerspectiveCamera(true);
    private final Translate camTarget = new Translate();
    private final Rotate camYaw = new Rotate(0, Rotate.Y_AXIS);
    private final Rotate camPitch = new Rotate(0, Rotate.X_AXIS);
    private final Translate camBack = new Translate();
    private final OrbitCamera orbit = new OrbitCamera(26);
    private final Group lightRig = new Group();
    private final StackPane container = new StackPane();
    private final Label hint = new Label();
    private double lastX, lastY;

    public StudioViewport() {
        boolean threeD = Platform.isSupported(ConditionalFeature.SCENE3D);
        boolean msaa = !"false".equals(System.getProperty("adamesh.msaa"));
        subScene = threeD ? new SubScene(world, 800, 600, true, msaa ? SceneAntialiasing.BALANCED : SceneAntialiasing.DISABLED)
                : new SubScene(world, 800, 600);
        subScene.setFill(BACKGROUND);
        subScene.setId("viewport");
        camera.setFieldOfView(orbit.fov());
        camera.setNearClip(0.005);
        camera.setFarClip(50);
        camera.getTransforms().addAll(camTarget, camYaw, camPitch, camBack);
        subScene.setCamera(camera);
        world.getChildren().addAll(camera, headSlot, lightRig);
        buildLights();
        applyCamera();

        Pane holder = new Pane(subScene);
        holder.setMinSize(100, 100);
        subScene.widthProperty().bind(holder.widthProperty());
        subScene.heightProperty().bind(holder.heightProperty());
        hint.getStyleClass().add("viewport-hint");
        hint.setStyle("-fx-text-fill: #c8ccd2; -fx-font-size: 15px; -fx-background-color: rgba(0,0,0,0.35); -fx-padding: 12;");
        hint.setVisible(false);
        hint.setMouseTransparent(true);
        hint.setWrapText(true);
        StackPane.setAlignment(hint, Pos.CENTER);
        container.getChildren().addAll(holder, hint);
        container.setStyle("-fx-background-color: #2c2e32;");
        installMouse();
    }

    /** Key (warm, upper left front), fill (cool, dim, right), rim (behind, above) and a low ambient. */
    private void buildLights() {
        PointLight key = new PointLight(Color.rgb(196, 186, 172));
        key.getTransforms().add(new Translate(-1.6, -1.3, -2.4));
        PointLight fill = new PointLight(Color.rgb(72, 80, 96));
        fill.getTransforms().add(new Translate(2.2, -0.2, -1.6));
        PointLight rim = new PointLight(Color.rgb(150, 160, 185));
        rim.getTransforms().add(new Translate(0.8, -1.6, 2.6));
        AmbientLight ambient = new AmbientLight(Color.gray(0.13));
        lightRig.getChildren().addAll(key, fill, rim, ambient);
    }

    private void installMouse() {
        subScene.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            lastX = e.getSceneX();
            lastY = e.getSceneY();
            subScene.requestFocus();
        });
        subScene.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            double dx = e.getSceneX() - lastX, dy = e.getSceneY() - lastY;
            lastX = e.getSceneX();
            lastY = e.getSceneY();
            double h = Math.max(1, subScene.getHeight());
            if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && e.isShiftDown())) {
                orbit.pan(dx / h, dy / h);
            } else if (e.getButton() == MouseButton.PRIMARY) {
                orbit.orbit(dx * 0.4, -dy * 0.4);
            }
            applyCamera();
        });
        subScene.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) return;
            orbit.zoom(Math.pow(1.0015, -e.getDeltaY()));
            applyCamera();
        });
    }

    public void applyCamera() {
        camTarget.setX(orbit.targetX);
        camTarget.setY(orbit.targetY);
        camTarget.setZ(orbit.targetZ);
        camYaw.setAngle(orbit.yaw);
        camPitch.setAngle(orbit.pitch);
        camBack.setZ(-orbit.distance);
    }

    public void setHead(Node head) {
        headSlot.getChildren().setAll(head);
        hint.setVisible(false);
    }

    public boolean hasHead() { return !headSlot.getChildren().isEmpty(); }

    /** Shows a centred message over an empty viewport (e.g. why no head is there). */
    public void showHint(String text) {
        hint.setText(text);
        hint.setVisible(true);
    }

    /**
     * Frames model-space vertices (y up, +z front; see {@link HeadMesh}) from the front: their
     * bounding sphere fills the view.
     */
    public void frame(float[] verts, int count) {
        if (count == 0) return;
        float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, minZ = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE, maxZ = -Float.MAX_VALUE;
        for (int i = 0; i < count * 3; i += 3) {
            minX = Math.min(minX, verts[i]); maxX = Math.max(maxX, verts[i]);
            minY = Math.min(minY, verts[i + 1]); maxY = Math.max(maxY, verts[i + 1]);
            minZ = Math.min(minZ, verts[i + 2]); maxZ = Math.max(maxZ, verts[i + 2]);
        }
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, cz = (minZ + maxZ) / 2;
        double r = 0;
        for (int i = 0; i < count * 3; i += 3) {
            double dx = verts[i] - cx, dy = verts[i + 1] - cy, dz = verts[i + 2] - cz;
            r = Math.max(r, dx * dx + dy * dy + dz * dz);
        }
        double aspect = subScene.getHeight() > 0 ? subScene.getWidth() / subScene.getHeight() : 1;
        // Model (x, y, z) is world (x, -y, -z) after the head's 180° turn about x.
        orbit.frame(cx, -cy, -cz, Math.sqrt(r), aspect);
        applyCamera();
    }

    public OrbitCamera orbit() { return orbit; }
    public SubScene subScene() { return subScene; }
    public Node node() { return container; }
    public PerspectiveCamera camera() { return camera; }
}
