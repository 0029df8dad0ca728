package io.adamesh.ui;

import java.io.IOException;
import java.util.Optional;

/** Where the studio's settings live. */
public interface SettingsStore {
    /** The saved settings, or defaults when none (or a corrupt file, see {@link #loadWarning()}). */
    StudioSettings load();

    /** A user-facing warning from the last {@link #load()}, e.g. that a corrupt file was set aside. */
    Optional<String> loadWarning();

    void save(StudioSettings settings) throws IOException;

    /** Keeps settings in memory only: probes and tests must not read or touch the user's file. */
    static SettingsStore inMemory() {
        return new SettingsStore() {
            private StudioSettings saved = StudioSettings.defaults();
            @Override public StudioSettings load() { return saved; }
            @Override public Optional<String> loadWarning() { return Optional.empty(); }
            @Override public void save(StudioSettings s) { saved = s; }
        };
    }
}
