package io.adamesh.ui;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Captures dialogs instead of showing them, and answers questions from queued answers. */
final class RecordingDialogService implements DialogService {
    record Shown(String kind, String title, String message, Throwable details) {}

    final List<Shown> shown = new ArrayList<>();
    final Deque<SaveChoice> saveChoices = new ArrayDeque<>();
    final Deque<Boolean> confirmations = new ArrayDeque<>();
    final Deque<Path> files = new ArrayDeque<>();
    final Deque<Double> numbers = new ArrayDeque<>();
    Predicate<io.adamesh.ui.export.ExportViewModel> exportForm = f -> false;

    @Override public void showError(String title, String message, Throwable details) {
        shown.add(new Shown("error", title, message, details));
    }

    @Override public void showWarning(String title, String message) {
        shown.add(new Shown("warning", title, message, null));
    }

    @Override public void showInfo(String title, String message) {
        shown.add(new Shown("info", title, message, null));
    }

    @Override public SaveChoice askSaveChanges(String documentName) {
        shown.add(new Shown("save?", "Unsaved changes", documentName, null));
        return saveChoices.isEmpty() ? SaveChoice.CANCEL : saveChoices.poll();
    }

    @Override public java.util.OptionalDouble askNumber(String title, String prompt, double initial, double min, double max) {
        shown.add(new Shown("number", title, prompt, null));
        return numbers.isEmpty() ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(numbers.poll());
    }

    @Override public boolean confirm(String title, String message, String yes) {
        shown.add(new Shown("confirm", title, message, null));
        return !confirmations.isEmpty() && confirmations.poll();
    }

    @Override public Optional<Path> chooseFileToOpen(String title, List<FileType> types) {
        return Optional.ofNullable(files.poll());
    }

    @Override public Optional<Path> chooseFileToSave(String title, String initialName, List<FileType> types) {
        return Optional.ofNullable(files.poll());
    }

    @Override public boolean editExport(io.adamesh.ui.export.ExportViewModel form) {
        return exportForm.test(form);
    }

    List<Shown> errors() { return shown.stream().filter(s -> s.kind().equals("error")).toList(); }
}
