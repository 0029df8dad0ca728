package io.adamesh.ui;

/** All user-facing dialogs go through here, so tests can capture them and probes never block. */
public interface DialogService {
    /** An error: {@code message} in the body; {@code details}' stack trace, if any, in an expandable area. */
    void showError(String title, String message, Throwable details);

    void showWarning(String title, String message);
}
