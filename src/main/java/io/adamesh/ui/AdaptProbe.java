package io.adamesh.ui;

import io.adamesh.adapt.AdaptRequest;
import io.adamesh.ui.adapt.AdaptViewModel;
import io.adamesh.ui.adapt.AdaptViewModel.State;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * The screenshot probe's speaker-adaptation scenes ({@code adamesh.screenshot.dialog=adapt|sidebyside|speakers}),
 * run on the real pipeline: opens {@code adamesh.screenshot.video} in the reference window, selects
 * {@code adamesh.screenshot.range} ("from:to" in seconds, default the first 10 s), starts "Adapt speaker"
 * named {@code adamesh.screenshot.name} and shoots
 * <ul>
 * <li>{@code adapt}: the adapt dialog once it finished (before/after and the whole loss curve), or with
 *     {@code adamesh.screenshot.steps=N} while running, as soon as N steps are on the plot;</li>
 * <li>{@code sidebyside}: saves the profile (use {@code -Dadamesh.speakerLibrary=} for a scratch
 *     library), presses "Preview side by side" and shoots the reference window and the studio window
 *     side by side {@code adamesh.screenshot.time} seconds (default 2) into the preview;</li>
 * <li>{@code speakers}: the Speakers… manager of the library;</li>
 * <li>{@code speakerlist}: the animation bar's speaker list opened (built-ins, then learned speakers).</li>
 * </ul>
 * A failed run shoots the newest window (the error dialog) and prints {@code SCREENSHOT_ERROR=}.
 */
final class AdaptProbe {
    private final String scene;
    private final Path video;
    private final double from;
    private final double to;
    private final String name;
    private final int steps;
    private final double previewSeconds;
    private AdaptViewModel vm;
    private boolean opened;
    private boolean started;
    private boolean previewRequested;
    private long previewSince = -1;
    private boolean speakersShown;
    private long shownAt;
    private long startedNanos;
    private boolean reported;
    private Window shotWindow;
    private BufferedImage composite;
    private String failure;

    AdaptProbe(String scene) {
        this.scene = scene;
        String v = System.getProperty("adamesh.screenshot.video");
        this.video = v == null ? null : Path.of(v).toAbsolutePath();
        String[] range = System.getProperty("adamesh.screenshot.range", "0:10").split(":");
        this.from = Double.parseDouble(range[0]);
        this.to = Double.parseDouble(range[1]);
        this.name = System.getProperty("adamesh.screenshot.name", "Reference speaker");
        this.steps = Integer.getInteger("adamesh.screenshot.steps", -1);
        this.previewSeconds = Double.parseDouble(System.getProperty("adamesh.screenshot.time", "2"));
    }

    static boolean handles(String dialog) {
        return "adapt".equals(dialog) || "sidebyside".equals(dialog) || "speakers".equals(dialog) || "speakerlist".equals(dialog);
    }

    /** Called every pulse until it returns true; then {@link #image} is shot. */
    boolean ready(StudioWindow w, long now) {
        if ("speakerlist".equals(scene)) {
            if (!w.animation().ready()) return false;
            if (!speakersShown) {
                speakersShown = true;
                var combo = (javafx.scene.control.ComboBox<?>) w.root().lookup("#anim-speaker");
                combo.show();
                shownAt = now;
                return false;
            }
            if (now - shownAt < 500_000_000L) return false;
            var combo = (javafx.scene.control.ComboBox<?>) w.root().lookup("#anim-speaker");
            if (!(combo.getSkin() instanceof javafx.scene.control.skin.ComboBoxListViewSkin<?> skin)) {
                failure = "the speaker list has no list skin";
                return true;
            }
            javafx.scene.Node list = skin.getPopupContent();
            System.out.println("SPEAKERS=" + combo.getItems());
            composite = below(snapshot(w.root().getScene()), SwingFXUtils.fromFXImage(list.snapshot(null, null), null));
            return true;
        }
        if ("speakers".equals(scene)) {
            if (!w.animation().ready() && !w.animation().providerProperty().get().startsWith("models: not")) return false;
            if (!speakersShown) {
                speakersShown = true;
                w.showSpeakers();
                return false;
            }
            shotWindow = newest();
            return true;
        }
        if (video == null) {
            failure = "adamesh.screenshot.video is not set";
            return true;
        }
        if (!w.animation().ready()) {
            if (w.animation().providerProperty().get().startsWith("models: not")) {
                failure = w.animation().providerProperty().get();
                return true;
            }
            return false;
        }
        var ref = w.referenceModel();
        if (!opened) {
            opened = true;
            w.showReferenceVideo();
            w.referenceModel().open(video);
            return false;
        }
        if (!ref.loadedProperty().get()) {
            if (!ref.loadingProperty().get() && ref.videoFileProperty().get() == null) {
                failure = ref.messageProperty().get();
                return true;
            }
            return false;
        }
        if (!started) {
            started = true;
            ref.setRangeSeconds(from, Math.min(to, ref.durationSecondsProperty().get()));
            ref.seek(ref.rangeStartProperty().get());
            var c = w.adaptController();
            vm = c.create(AdaptRequest.defaults(video, ref.rangeStartSeconds(), ref.rangeEndSeconds(), name));
            c.showDialog(vm, ref, w.referenceStage());
            startedNanos = System.nanoTime();
            vm.start();
            return false;
        }
        State s = vm.state();
        if (s == State.FAILED || s == State.CANCELLED) {
            failure = "adaptation " + s + ": " + vm.messageProperty().get();
            shotWindow = newest();
            return true;
        }
        if ("adapt".equals(scene)) {
            if (steps > 0 && vm.losses().size() >= steps) {
                shotWindow = w.adaptController().stage();
                return true;
            }
            if (s == State.FINISHED) {
                report();
                shotWindow = w.adaptController().stage();
                return true;
            }
            return false;
        }
        // sidebyside
        if (s == State.FINISHED) {
            report();
            if (!vm.save()) {
                failure = "save failed: " + vm.messageProperty().get();
                shotWindow = newest();
                return true;
            }
            return false;
        }
        if (s == State.SAVED && !previewRequested) {
            previewRequested = true;
            w.adaptController().preview(vm, ref);
            return false;
        }
        if (w.sideBySide() == null) {
            var t = w.adaptController().previewTask();
            if (t != null && t.isDone() && previewSince >= 0) {
                failure = "the preview ended before the shot";
                return true;
            }
            return false;
        }
        if (previewSince < 0) {
            previewSince = now;
            System.out.println("PREVIEW_TRACKED=" + (ref.trackedClipProperty().get() != null));
        }
        if (w.sideBySide().time() < previewSeconds) return false;
        composite = beside(snapshot(w.referenceStage().getScene()), snapshot(w.root().getScene()));
        return true;
    }

    private void report() {
        if (reported) return;
        reported = true;
        System.out.println(String.format(Locale.ROOT, "ADAPT_WALL_SECONDS=%.1f", (System.nanoTime() - startedNanos) / 1e9));
        var m = vm.resultProperty().get().profile().metrics();
        System.out.println(String.format(Locale.ROOT, "ADAPT_SECONDS=%.1f", m.seconds()));
        System.out.println(String.format(Locale.ROOT, "ADAPT_HELDOUT_LOSS=%.5f->%.5f", m.heldOutLossBefore(), m.heldOutLossAfter()));
        System.out.println(String.format(Locale.ROOT, "ADAPT_LVE_MM=%.3f->%.3f", m.lveBeforeMm(), m.lveAfterMm()));
        System.out.println("ADAPT_STEPS=" + m.steps() + " best " + m.bestStep());
    }

    /** What to write: the composite, the chosen window, or null for the studio window. */
    BufferedImage image() {
        if (composite != null) return composite;
        if (shotWindow != null && shotWindow.getScene() != null) return snapshot(shotWindow.getScene());
        return null;
    }

    String failure() { return failure; }

    /** An open alert if there is one (the error dialog), else the newest window. */
    private static Window newest() {
        var all = Window.getWindows();
        for (int i = all.size() - 1; i >= 0; i--) {
            Window x = all.get(i);
            if (x.isShowing() && x.getScene() != null && x.getScene().getRoot().lookup(".dialog-pane") != null) return x;
        }
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static BufferedImage snapshot(Scene s) {
        return SwingFXUtils.fromFXImage(s.snapshot(null), null);
    }

    /** The studio's top-left corner with the open speaker list under the selector. */
    private static BufferedImage below(BufferedImage window, BufferedImage popup) {
        int w = Math.min(window.getWidth(), 900), h = Math.min(window.getHeight(), 110 + popup.getHeight());
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(window, 0, 0, null);
        g.drawImage(popup, 60, 95, null);
        g.dispose();
        return out;
    }

    private static BufferedImage beside(BufferedImage a, BufferedImage b) {
        int gap = 8;
        BufferedImage out = new BufferedImage(a.getWidth() + gap + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.DARK_GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth() + gap, 0, null);
        g.dispose();
        return out;
    }
}
