package io.adamesh.ui.adapt;

import io.adamesh.ui.DialogService;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Records dialogs instead of showing them and answers questions from queues (empty queue: the safe "no"). */
public final class FakeDialogs implements DialogService {
    public record Shown(String kind, String title, String message, Throwable details) {}

    public final List<Shown> shown = new ArrayList<>();
    public final Deque<Boolean> confirmations = new ArrayDeque<>();
    public final Deque<String> texts = new ArrayDeque<>();
    public final Deque<Path> files = new ArrayDeque<>();

    @Override public void showError(String title, String message, Throwable details) { shown.add(new Shown("error", title, message, details)); }
    @Override public void showWarning(String title, String message) { shown.add(new Shown("warning", title, message, null)); }
    @Override public void showInfo(String title, String message) { shown.add(new Shown("info", title, message, null)); }

    @Override public boolean confirm(String title, String message, String yes) {
        shown.add(new Shown("confirm", title, message, null));
        return !confirmations.isEmpty() && confirmations.poll();
    }

    @Override public Optional<String> askText(String title, String prompt, String initial) {
        shown.add(new Shown("text", title, prompt + " [" + initial + "]", null));
        return Optional.ofNullable(texts.poll());
    }

    @Override public Optional<Path> chooseFileToOpen(String title, List<FileType> types) {
        shown.add(new Shown("open", title, "", null));
        return Optional.ofNullable(files.poll());
    }

    @Override public Optional<Path> chooseFileToSave(String title, String initialName, List<FileType> types) {
        shown.add(new Shown("save", title, initialName, null));
        return Optional.ofNullable(files.poll());
    }

    public List<Shown> of(String kind) { return shown.stream().filter(s -> s.kind().equals(kind)).toList(); }
}
