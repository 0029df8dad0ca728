package io.adamesh.ui;

/** Starts the JavaFX studio. Called by {@code io.adamesh.Main} when no command is given. */
public final class StudioLauncher {
    private StudioLauncher() {}

    public static void launch(String[] args) {
        throw new UnsupportedOperationException("studio UI not built yet");
    }
}
