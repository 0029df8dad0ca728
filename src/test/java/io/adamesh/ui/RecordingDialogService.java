package io.adamesh.ui;

import java.util.ArrayList;
import java.util.List;

/** Captures dialogs instead of showing them. */
final class RecordingDialogService implements DialogService {
    record Shown(String kind, String title, String message, Throwable details) {}

    final List<Shown> shown = new ArrayList<>();

    @Override public void showError(String title, String message, Throwable details) {
        shown.add(new Shown("error", title, message, details));
    }

    @Override public void showWarning(String title, String message) {
        shown.add(new Shown("warning", title, message, null));
    }
}
