package io.adamesh.ui;

import javafx.application.Application;

/** Starts the JavaFX studio. Called by {@code io.adamesh.Main} when no command is given. */
public final class StudioLauncher {
    private StudioLauncher() {}

    public static void launch(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler(StudioApp.ERRORS);
        Application.launch(StudioApp.class, args);
    }
}
