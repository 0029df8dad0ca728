package io.adamesh.ui.speakers;

import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileException;
import io.adamesh.speaker.SpeakerProfileStore;
import io.adamesh.ui.DialogService;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "Speakers…" manager (no scene graph): the user profiles of the speaker library with their
 * thumbnails, and rename, delete (after a confirmation), export to one file and import from one file.
 * Every change goes through the {@link SpeakerProfileStore} (atomic on disk) and then tells the studio
 * ({@code onChanged}) so the speaker selector follows. A failure is one clear dialog and changes
 * nothing. Profiles the store could not read are listed once in one warning; the rest load.
 */
public final class SpeakerManagerViewModel {
    public static final List<DialogService.FileType> PROFILE_TYPES = List.of(
            new DialogService.FileType("AdaMesh speaker profiles", "*" + SpeakerProfileStore.EXPORT_EXTENSION),
            new DialogService.FileType("All files", "*.*"));
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** One profile as the list shows it. */
    public record Entry(String id, String name, String details, Path thumbnail) {}

    private final SpeakerProfileStore store;
    private final DialogService dialogs;
    private final Runnable onChanged;
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<Entry> selected = new SimpleObjectProperty<>();
    private final Set<String> warned;

    /** @param onChanged called after a rename, delete or import (the studio reloads its speaker list) */
    public SpeakerManagerViewModel(SpeakerProfileStore store, DialogService dialogs, Runnable onChanged) {
        this(store, dialogs, onChanged, new HashSet<>());
    }

    /**
     * @param warned the library problems the user has already been told about (shared with the studio,
     *               so a damaged profile is one warning, not one per window)
     */
    public SpeakerManagerViewModel(SpeakerProfileStore store, DialogService dialogs, Runnable onChanged, Set<String> warned) {
        this.store = store;
        this.dialogs = dialogs;
        this.onChanged = onChanged == null ? () -> { } : onChanged;
        this.warned = warned;
    }

    /** Re-reads the library; keeps the selection by id when it is still there. */
    public void refresh() {
        String keep = selected.get() == null ? null : selected.get().id();
        List<SpeakerProfile> profiles;
        try {
            profiles = store.list();
        } catch (RuntimeException e) {
            entries.clear();
            dialogs.showError("Cannot read the speaker library", store.root() + "\n\n" + e.getMessage(), e);
            return;
        }
        entries.setAll(profiles.stream().map(p -> new Entry(p.id(), p.name(), details(p), store.thumbnail(p.id()).orElse(null))).toList());
        selected.set(entries.stream().filter(e -> e.id().equals(keep)).findFirst().orElse(entries.isEmpty() ? null : entries.get(0)));
        List<String> fresh = store.warnings().stream().filter(warned::add).toList();
        if (!fresh.isEmpty()) {
            dialogs.showWarning("Some speaker profiles were skipped", String.join("\n", fresh)
                    + "\n\nThe other profiles are available. Remove or replace the damaged "
                    + (fresh.size() == 1 ? "folder" : "folders") + " in " + store.root() + ".");
        }
    }

    /** "from clip.mp4 0:05–0:15 · 2026-11-21 10:02 · LVE 3.10 → 2.41 mm". */
    static String details(SpeakerProfile p) {
        StringBuilder b = new StringBuilder();
        if (p.source() != null) {
            b.append("from ").append(Path.of(p.source().video()).getFileName()).append(String.format(Locale.ROOT, " %.1f–%.1f s",
                    p.source().startSeconds(), p.source().endSeconds()));
        }
        if (p.created() != null) b.append(b.isEmpty() ? "" : " · ").append(DATE.format(p.created()));
        var m = p.metrics();
        if (m != null && Double.isFinite(m.lveBeforeMm()) && Double.isFinite(m.lveAfterMm())) {
            b.append(String.format(Locale.ROOT, " · LVE %.2f → %.2f mm", m.lveBeforeMm(), m.lveAfterMm()));
        }
        return b.toString();
    }

    /** Asks for a new name for the selected profile and renames it. */
    public boolean renameSelected() {
        Entry e = selected.get();
        if (e == null) return false;
        Optional<String> name = dialogs.askText("Rename speaker", "New name for \"" + e.name() + "\"", e.name());
        if (name.isEmpty() || name.get().equals(e.name())) return false;
        try {
            store.rename(e.id(), name.get());
        } catch (SpeakerProfileException | RuntimeException ex) {
            fail("Could not rename the speaker", ex);
            return false;
        }
        changed();
        return true;
    }

    /** Deletes the selected profile after the user confirms. */
    public boolean deleteSelected() {
        Entry e = selected.get();
        if (e == null) return false;
        if (!dialogs.confirm("Delete speaker \"" + e.name() + "\"?", "The profile is removed from the speaker library ("
                + store.root() + "). This cannot be undone; export it first to keep a copy.", "Delete")) {
            return false;
        }
        try {
            store.delete(e.id());
        } catch (SpeakerProfileException | RuntimeException ex) {
            fail("Could not delete the speaker", ex);
            return false;
        }
        changed();
        return true;
    }

    /** Asks for a file and writes the selected profile into it. */
    public boolean exportSelected() {
        Entry e = selected.get();
        if (e == null) return false;
        Optional<Path> f = dialogs.chooseFileToSave("Export speaker", fileName(e.name()) + SpeakerProfileStore.EXPORT_EXTENSION,
                PROFILE_TYPES);
        if (f.isEmpty()) return false;
        Path target = f.get().getFileName().toString().endsWith(SpeakerProfileStore.EXPORT_EXTENSION) ? f.get()
                : f.get().resolveSibling(f.get().getFileName() + SpeakerProfileStore.EXPORT_EXTENSION);
        try {
            store.exportTo(e.id(), target);
        } catch (SpeakerProfileException | RuntimeException ex) {
            fail("Could not export the speaker", ex);
            return false;
        }
        lastMessage = "Exported \"" + e.name() + "\" to " + target;
        return true;
    }

    /** Asks for an exported profile and adds it to the library (selected afterwards). */
    public boolean importFile() {
        Optional<Path> f = dialogs.chooseFileToOpen("Import speaker", PROFILE_TYPES);
        if (f.isEmpty()) return false;
        SpeakerProfile p;
        try {
            p = store.importFrom(f.get());
        } catch (SpeakerProfileException | RuntimeException ex) {
            fail("Could not import the speaker", ex);
            return false;
        }
        changed();
        entries.stream().filter(x -> x.id().equals(p.id())).findFirst().ifPresent(selected::set);
        lastMessage = "Imported \"" + p.name() + "\" from " + f.get().getFileName();
        return true;
    }

    private String lastMessage = "";

    /** What the last successful export or import did (for the dialog's status line). */
    public String lastMessage() { return lastMessage; }

    private void changed() {
        refresh();
        onChanged.run();
    }

    private void fail(String title, Exception ex) {
        String m = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        dialogs.showError(title, m + "\n\nNothing was changed.", ex instanceof SpeakerProfileException ? null : ex);
    }

    /** A file name from a profile name: letters, digits, '-', '_' and spaces kept. */
    static String fileName(String name) {
        String s = name.replaceAll("[^\\p{L}\\p{N} _-]", "_").strip();
        return s.isEmpty() ? "speaker" : s;
    }

    public SpeakerProfileStore store() { return store; }
    public ObservableList<Entry> entries() { return entries; }
    public ObjectProperty<Entry> selectedProperty() { return selected; }
}
