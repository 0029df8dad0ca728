package io.adamesh.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * All user-facing dialogs go through here, so tests can capture them and probes never block. The
 * questions have safe defaults (cancel, no file) so a service that cannot ask never loses work.
 */
public interface DialogService {
    /** An error: {@code message} in the body; {@code details}' stack trace, if any, in an expandable area. */
    void showError(String title, String message, Throwable details);

    void showWarning(String title, String message);

    /** An informational notice (e.g. "recovered from autosave"). */
    default void showInfo(String title, String message) { showWarning(title, message); }

    /** What to do with unsaved changes before closing a document. */
    enum SaveChoice { SAVE, DISCARD, CANCEL }

    default SaveChoice askSaveChanges(String documentName) { return SaveChoice.CANCEL; }

    /**
     * Asks for a number in [{@code min}, {@code max}], starting at {@code initial}; empty when the
     * user cancels (the default, so a service that cannot ask changes nothing).
     */
    default java.util.OptionalDouble askNumber(String title, String prompt, double initial, double min, double max) {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Asks for a line of text (a name), starting at {@code initial}; empty when the user cancels or
     * leaves it blank (the default, so a service that cannot ask changes nothing).
     */
    default Optional<String> askText(String title, String prompt, String initial) { return Optional.empty(); }

    /** A yes/no question; {@code yes} names the affirmative button. */
    default boolean confirm(String title, String message, String yes) { return false; }

    /** A file type for choosers: "Audio files" with patterns like {@code *.wav}. */
    record FileType(String description, List<String> patterns) {
        public FileType(String description, String... patterns) { this(description, List.of(patterns)); }
    }

    default Optional<Path> chooseFileToOpen(String title, List<FileType> types) { return Optional.empty(); }

    default Optional<Path> chooseFileToSave(String title, String initialName, List<FileType> types) { return Optional.empty(); }

    /** Lets the user fill in the export form; true to export with its current values. */
    default boolean editExport(io.adamesh.ui.export.ExportViewModel form) { return false; }
}
