package io.adamesh.ui;

import java.io.IOException;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The AdaMesh Studio application: loads settings and the head, opens the window, saves on close. */
public final class StudioApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(StudioApp.class);
    static final UncaughtErrorHandler ERRORS = new UncaughtErrorHandler();

    private SettingsStore store;
    private StudioSettings settings;
    private StudioWindow window;
    private Stage stage;

    @Override
    public void start(Stage stage) throws IOException {
        this.stage = stage;
        boolean probe = StudioProbes.anyRequested();
        DialogService dialogs = probe ? new LoggingDialogService() : new FxDialogService(stage);
        ERRORS.setDialogs(dialogs);
        Thread.currentThread().setUncaughtExceptionHandler(ERRORS);
        store = probe ? SettingsStore.inMemory() : JsonSettingsStore.atDefaultLocation();
        settings = store.load();

        HeadLoader.Result head = HeadLoader.load(HeadLoader.defaultHeadPath());
        java.nio.file.Path recovery = probe ? java.nio.file.Files.createTempDirectory("adamesh-probe-recovery")
                : JsonSettingsStore.defaultDirectory().resolve("recovery");
        window = new StudioWindow(head, settings, dialogs, StudioProbes.services(recovery));
        store.loadWarning().ifPresent(window::warn);
        window.document().setOnFileChanged(f -> settings.lastProject = f.toAbsolutePath().toString());

        StudioSettings.Window ws = settings.window;
        Scene scene = new Scene(window.root(), Math.max(640, ws.width), Math.max(420, ws.height));
        stage.titleProperty().bind(window.document().titleProperty());
        stage.setScene(scene);
        if (!probe) restorePlacement(stage, ws);
        StudioWindow.PulseHook hook = StudioProbes.fromSystemProperties(scene);
        window.setPulseHook(hook);
        window.setOnQuit(stage::close);
        stage.setOnCloseRequest(e -> {
            if (!window.document().confirmClose()) e.consume();
        });
        stage.setOnHidden(e -> saveSettings());
        stage.show();
        if (head.ok()) window.frameHeadIfUnplaced(settings);
        window.start();
        window.reportStartupProblems();
        if (!probe) reopenLastProject();
    }

    /** Opens the project that was open last time, if it still exists (a missing one is forgotten quietly). */
    private void reopenLastProject() {
        String last = settings.lastProject;
        if (last == null || last.isBlank()) return;
        java.nio.file.Path f = java.nio.file.Path.of(last);
        if (java.nio.file.Files.isRegularFile(f)) window.document().openFile(f, false);
        else settings.lastProject = null;
    }

    private static void restorePlacement(Stage stage, StudioSettings.Window ws) {
        if (Double.isFinite(ws.x) && Double.isFinite(ws.y)) {
            Rectangle2D probe = new Rectangle2D(ws.x + 20, ws.y + 20, 40, 40);
            boolean onScreen = Screen.getScreens().stream().anyMatch(s -> s.getVisualBounds().intersects(probe));
            if (onScreen) {
                stage.setX(ws.x);
                stage.setY(ws.y);
            }
        }
        stage.setMaximized(ws.maximized);
    }

    private void saveSettings() {
        if (window == null || store == null) return;
        StudioSettings.Window ws = settings.window;
        ws.maximized = stage.isMaximized();
        if (!stage.isMaximized() && !stage.isIconified()) {
            ws.x = stage.getX();
            ws.y = stage.getY();
            ws.width = stage.getWidth();
            ws.height = stage.getHeight();
        }
        window.captureInto(settings);
        try {
            store.save(settings);
        } catch (IOException e) {
            LOG.warn("Could not save settings: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (window != null) window.stop();
    }
}
