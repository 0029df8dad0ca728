package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.geometry.Point3D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SubScene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 3D viewport really draws the head, and opening the jaw visibly changes the mouth. Needs an X
 * display and the GPU pipeline: run under xvfb-run with -Dprism.forceGPU=true (the display-test
 * execution).
 */
@Tag("display")
class ViewportScreenshotTest {
    static Stage stage;
    static StudioWindow window;

    @BeforeAll
    static void open() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        assertTrue(started.await(20, TimeUnit.SECONDS));
        FaceModel head = TestHeads.head();
        onFx(() -> {
            window = new StudioWindow(new HeadLoader.Result(Path.of("test-egg"), head, null, null),
                    StudioSettings.defaults(), new RecordingDialogService());
            stage = new Stage();
            stage.setScene(new Scene(window.root(), 1100, 760));
            stage.show();
            window.frameHead();
            window.start();
            return null;
        });
    }

    @AfterAll
    static void close() throws Exception {
        onFx(() -> { window.stop(); stage.close(); return null; });
    }

    static <T> T onFx(Supplier<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try { result.set(work.get()); } catch (Throwable t) { error.set(t); } finally { done.countDown(); }
        });
        assertTrue(done.await(30, TimeUnit.SECONDS), "FX thread stuck");
        if (error.get() != null) throw new AssertionError(error.get());
        return result.get();
    }

    /** Lets a few pulses render. */
    static void settle() throws Exception {
        for (int i = 0; i < 5; i++) {
            onFx(() -> null);
            Thread.sleep(40);
        }
    }

    /** Projects model-space points to SubScene pixels and returns {minX, minY, maxX, maxY}. */
    static double[] projectedBox(float[] pts, int count, double margin) {
        SubScene sub = window.viewport().subScene();
        Node head = window.headMesh().node();
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < count; i++) {
            Point3D inRoot = head.localToScene(new Point3D(pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2]), true);
            Point2D p = sub.sceneToLocal(inRoot.getX(), inRoot.getY());
            box[0] = Math.min(box[0], p.getX()); box[1] = Math.min(box[1], p.getY());
            box[2] = Math.max(box[2], p.getX()); box[3] = Math.max(box[3], p.getY());
        }
        box[0] = Math.max(0, box[0] - margin); box[1] = Math.max(0, box[1] - margin);
        box[2] = Math.min(sub.getWidth() - 1, box[2] + margin); box[3] = Math.min(sub.getHeight() - 1, box[3] + margin);
        return box;
    }

    static WritableImage snapshot() throws Exception {
        settle();
        return onFx(() -> window.viewport().subScene().snapshot(null, null));
    }

    @Test
    void theHeadIsDrawnWhereItProjects() throws Exception {
        WritableImage img = snapshot();
        double[] box = onFx(() -> projectedBox(window.vertices(), window.vertices().length / 3, 0));
        assertTrue(box[2] - box[0] > 100 && box[3] - box[1] > 100, "head projects to a sizeable box: " + java.util.Arrays.toString(box));
        PixelReader r = img.getPixelReader();
        Color bg = StudioViewport.BACKGROUND;
        int total = 0, head = 0;
        for (int y = (int) box[1]; y <= box[3]; y += 2) {
            for (int x = (int) box[0]; x <= box[2]; x += 2) {
                total++;
                Color c = r.getColor(x, y);
                double d = Math.abs(c.getRed() - bg.getRed()) + Math.abs(c.getGreen() - bg.getGreen()) + Math.abs(c.getBlue() - bg.getBlue());
                if (d > 0.08) head++;
            }
        }
        double share = head / (double) total;
        // An ellipse fills pi/4 of its box; require most of that.
        assertTrue(share > 0.5, "only " + Math.round(share * 100) + "% of the head's box differs from the background");
    }

    @Test
    void openingTheJawChangesTheMouth() throws Exception {
        FaceModel model = window.viewModel().model();
        float[] lmk = new float[model.landmarkCount() * 3];
        onFx(() -> { window.viewModel().resetAll(); return null; });
        WritableImage closed = snapshot();
        double[] before = onFx(() -> {
            window.rig().landmarks(window.vertices(), lmk);
            float[] mouth = java.util.Arrays.copyOfRange(lmk, 48 * 3, 68 * 3);
            return projectedBox(mouth, 20, 10);
        });
        onFx(() -> { window.viewModel().pose(PoseChannel.JAW_OPEN).set(25); return null; });
        WritableImage open = snapshot();
        double[] after = onFx(() -> {
            window.rig().landmarks(window.vertices(), lmk);
            float[] mouth = java.util.Arrays.copyOfRange(lmk, 48 * 3, 68 * 3);
            return projectedBox(mouth, 20, 10);
        });
        assertTrue(after[3] > before[3] + 3, "the lower lip landmarks move down on screen");
        int x0 = (int) Math.min(before[0], after[0]), y0 = (int) Math.min(before[1], after[1]);
        int x1 = (int) Math.max(before[2], after[2]), y1 = (int) Math.max(before[3], after[3]);
        int total = 0, changed = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                total++;
                Color a = closed.getPixelReader().getColor(x, y), b = open.getPixelReader().getColor(x, y);
                double d = Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue());
                if (d > 0.1) changed++;
            }
        }
        double share = changed / (double) total;
        assertTrue(share > 0.15, "only " + Math.round(share * 100) + "% of the mouth region changed when the jaw opened");
        onFx(() -> { window.viewModel().resetAll(); return null; });
    }
}
