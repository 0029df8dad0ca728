package io.adamesh.ui;

import io.adamesh.audio.AudioDecodeException;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.audio.DecodedAudio;
import io.adamesh.audio.WaveformPeaks;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TrackKind;
import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.io.Autosaver;
import io.adamesh.timeline.io.ProjectSession;
import io.adamesh.ui.tasks.TaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import io.adamesh.ui.timeline.TimelineViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The open project as the studio window sees it (a view model, no scene graph): the
 * {@link ProjectSession} and its {@link TimelineViewModel}, the window title with a dirty marker,
 * New/Open/Save/Save As with the unsaved-changes question, recovery from autosave, autosave ticks,
 * audio import (decoded in the background) and relinking of missing media. Decoded voice audio is
 * kept per media path (so pasted clips share it) together with its waveform peaks.
 */
public final class StudioDocument {
    public static final String EXTENSION = "adamesh";
    public static final List<DialogService.FileType> PROJECT_TYPES =
            List.of(new DialogService.FileType("AdaMesh projects", "*." + EXTENSION));
    public static final List<DialogService.FileType> AUDIO_TYPES = List.of(
            new DialogService.FileType("Audio and video", "*.wav", "*.flac", "*.mp3", "*.ogg", "*.opus", "*.m4a",
                    "*.aac", "*.mp4", "*.mov", "*.mkv", "*.webm"),
            new DialogService.FileType("All files", "*.*"));
    public static final long AUTOSAVE_INTERVAL_MS = 60_000;
    static final double NEW_PROJECT_FPS = 30;
    static final double NEW_PROJECT_SECONDS = 10;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Decoded audio of one media file. */
    public record Audio(float[] samples, WaveformPeaks peaks) {}

    private final DialogService dialogs;
    private final TaskExecutor tasks;
    private final Path recoveryDir;
    private final AudioFileDecoder decoder = new AudioFileDecoder();
    private final ObjectProperty<ProjectSession> session = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<TimelineViewModel> timeline = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper mediaRevision = new ReadOnlyLongWrapper();
    private final ReadOnlyObjectWrapper<TaskHandle> task = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final Map<String, Audio> audio = new HashMap<>();
    private Autosaver autosaver;
    private Consumer<Path> onFileChanged = p -> { };

    /** @param recoveryDir where untitled projects autosave */
    public StudioDocument(DialogService dialogs, TaskExecutor tasks, Path recoveryDir) {
        this.dialogs = dialogs;
        this.tasks = tasks;
        this.recoveryDir = recoveryDir;
        install(untitled());
    }

    private ProjectSession untitled() {
        Project p = new Project("Untitled", NEW_PROJECT_FPS, NEW_PROJECT_SECONDS);
        return ProjectSession.create(p, recoveryDir.resolve("untitled-" + LocalDateTime.now().format(STAMP) + "." + EXTENSION
                + ProjectSession.AUTOSAVE_SUFFIX));
    }

    /** Makes {@code s} the open document (its own timeline view model, autosaver and media). */
    public void install(ProjectSession s) {
        ProjectSession old = session.get();
        audio.clear();
        TimelineViewModel vm = new TimelineViewModel(s.project(), s.jobs());
        vm.dirtyProperty().addListener((o, a, b) -> updateTitle());
        vm.revisionProperty().addListener((o, a, b) -> updateTitle());
        autosaver = new Autosaver(s, AUTOSAVE_INTERVAL_MS, e -> {
            status.set("Autosave failed: " + e.getMessage());
            dialogs.showWarning("Autosave failed", "The autosave of " + displayName(s) + " could not be written: "
                    + e.getMessage() + "\nYour work is still open; save it to keep it.");
        });
        session.set(s);
        timeline.set(vm);
        updateTitle();
        if (old != null && old != s) mediaRevision.set(mediaRevision.get() + 1);
        if (s.file() != null) onFileChanged.accept(s.file());
        loadMedia(s);
    }

    private void updateTitle() {
        ProjectSession s = session.get();
        boolean d = s != null && s.isDirty();
        dirty.set(d);
        title.set((d ? "• " : "") + (s == null ? "" : displayName(s)) + " — AdaMesh Studio");
    }

    static String displayName(ProjectSession s) {
        return s.file() == null ? s.project().name() : s.file().getFileName().toString();
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<ProjectSession> sessionProperty() { return session; }
    public ProjectSession session() { return session.get(); }
    public Project project() { return session.get().project(); }
    public ReadOnlyObjectProperty<TimelineViewModel> timelineProperty() { return timeline.getReadOnlyProperty(); }
    public TimelineViewModel timeline() { return timeline.get(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty.getReadOnlyProperty(); }
    /** Increases whenever decoded media was added or dropped (the window re-mixes playback then). */
    public ReadOnlyLongProperty mediaRevisionProperty() { return mediaRevision.getReadOnlyProperty(); }
    /** The background task in progress (import, open), or null. */
    public ReadOnlyObjectProperty<TaskHandle> taskProperty() { return task.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public Optional<Audio> audioOf(String mediaPath) { return Optional.ofNullable(audio.get(mediaPath)); }
    public Map<String, Audio> audio() { return Map.copyOf(audio); }
    /** Called with the project file whenever it changes (open, save as): the settings remember it. */
    public void setOnFileChanged(Consumer<Path> c) { onFileChanged = c == null ? p -> { } : c; }

    /** True when the project has motion to show: an animation clip or an edit layer with curves. */
    public boolean hasAnimation() {
        Project p = project();
        if (!p.animation().clips().isEmpty()) return true;
        return p.layers().stream().anyMatch(l -> !l.curveMap().isEmpty());
    }

    // ---- commands ----

    /**
     * Asks what to do with unsaved changes (save, don't save, cancel); returns whether the current
     * document may be closed. Discarding removes its autosave.
     */
    public boolean confirmClose() {
        ProjectSession s = session.get();
        if (s == null || !s.isDirty()) return true;
        switch (dialogs.askSaveChanges(displayName(s))) {
            case SAVE:
                return save();
            case DISCARD:
                try {
                    s.close();
                } catch (IOException e) {
                    status.set("Could not remove the autosave: " + e.getMessage());
                }
                return true;
            default:
                return false;
        }
    }

    public boolean newProject() {
        if (!confirmClose()) return false;
        install(untitled());
        status.set("New project");
        return true;
    }

    /** Asks for a project file and opens it. */
    public boolean open() {
        if (!confirmClose()) return false;
        Optional<Path> f = dialogs.chooseFileToOpen("Open project", PROJECT_TYPES);
        return f.isPresent() && openFile(f.get(), false);
    }

    /**
     * Opens {@code file}; when an autosave newer than it exists (the studio did not close cleanly),
     * offers to recover it. Problems go to an error dialog and leave the current document open.
     */
    public boolean openFile(Path file, boolean askToClose) {
        if (askToClose && !confirmClose()) return false;
        try {
            ProjectSession s;
            Optional<ProjectSession.Recovery> r = ProjectSession.recoveryFor(file);
            if (r.isPresent() && dialogs.confirm("Recover unsaved changes?",
                    "The studio did not close cleanly. An autosave of " + file.getFileName() + " from "
                            + r.get().autosavedAt() + " is newer than the project file.\n\nRecover it? "
                            + "(No opens the last saved version; the autosave stays on disk until you save.)",
                    "Recover")) {
                s = ProjectSession.openRecovered(r.get());
            } else {
                s = ProjectSession.open(file);
            }
            install(s);
            status.set("Opened " + file.getFileName());
            if (!s.notices().isEmpty()) dialogs.showInfo("Project opened with notes", String.join("\n\n", s.notices()));
            return true;
        } catch (IOException | RuntimeException e) {
            dialogs.showError("Could not open project", file + "\n\n" + reason(e), e);
            return false;
        }
    }

    /** Saves to the project file, asking for one while untitled; returns whether it saved. */
    public boolean save() {
        ProjectSession s = session.get();
        if (s.file() == null) return saveAs();
        try {
            s.save();
            updateTitle();
            status.set("Saved " + s.file().getFileName());
            return true;
        } catch (IOException | RuntimeException e) {
            dialogs.showError("Could not save project", s.file() + "\n\n" + reason(e), e);
            return false;
        }
    }

    public boolean saveAs() {
        ProjectSession s = session.get();
        String initial = (s.file() == null ? s.project().name() : stripExtension(s.file().getFileName().toString())) + "." + EXTENSION;
        Optional<Path> f = dialogs.chooseFileToSave("Save project as", initial, PROJECT_TYPES);
        if (f.isEmpty()) return false;
        return saveTo(f.get());
    }

    public boolean saveTo(Path target) {
        ProjectSession s = session.get();
        Path t = target.getFileName().toString().endsWith("." + EXTENSION) ? target
                : target.resolveSibling(target.getFileName() + "." + EXTENSION);
        try {
            s.saveAs(t);
            s.project().setName(stripExtension(t.getFileName().toString()));
            updateTitle();
            onFileChanged.accept(s.file());
            status.set("Saved " + t.getFileName());
            return true;
        } catch (IOException | RuntimeException e) {
            dialogs.showError("Could not save project", t + "\n\n" + reason(e), e);
            return false;
        }
    }

    /** Call about once a second from the UI timer. */
    public boolean tickAutosave(long nowMillis) {
        return autosaver.tick(nowMillis);
    }

    // ---- media ----

    public static final List<DialogService.FileType> VIDEO_TYPES = List.of(
            new DialogService.FileType("Video", "*.mp4", "*.mov", "*.mkv", "*.webm", "*.avi"),
            new DialogService.FileType("All files", "*.*"));

    private final Map<String, VideoThumbnails> thumbnails = new HashMap<>();

    /** Thumbnails of the reference videos decoded so far, by media path. */
    public Map<String, VideoThumbnails> thumbnails() { return Map.copyOf(thumbnails); }

    /** Asks for a video and puts it on the reference-video track at the playhead. */
    public void importReferenceVideo() {
        dialogs.chooseFileToOpen("Import reference video", VIDEO_TYPES).ifPresent(this::importReferenceVideo);
    }

    /**
     * Decodes a reference video's thumbnails in the background and adds it as a clip on the
     * reference-video track at the playhead (one undoable edit); a video that cannot be read is
     * reported naming the file, and nothing else changes.
     */
    public TaskHandle importReferenceVideo(Path file) {
        return importMedia(file, TrackKind.REFERENCE, "reference", "reference video ", "Could not import the reference video",
                ctx -> VideoThumbnails.decode(file.toAbsolutePath(), ctx::isCancelled), VideoThumbnails::durationSeconds,
                thumbnails::put, err -> true);
    }

    /** Asks for an audio (or video) file and imports it at the playhead. */
    public void importAudio() {
        dialogs.chooseFileToOpen("Import audio", AUDIO_TYPES).ifPresent(this::importAudio);
    }

    /**
     * Decodes {@code file} in the background and adds it as a voice clip at the playhead, with its
     * waveform; a file that cannot be used is reported in a dialog naming it and nothing else changes.
     */
    public TaskHandle importAudio(Path file) {
        return importMedia(file, TrackKind.VOICE, "voice", "", "Could not import audio",
                ctx -> decode(file.toAbsolutePath()), a -> a.samples().length / (double) AudioFileDecoder.TARGET_RATE,
                audio::put, err -> err instanceof AudioDecodeException);
    }

    /**
     * The shared import path: decodes {@code file} in the background, keeps the decoded media under
     * its absolute path, and adds it as one undoable clip on {@code kind}'s track at the playhead. A
     * file that cannot be used is reported naming it (with a stack trace only when the failure was
     * not {@code expected}), and nothing else changes; a result for a document that was replaced
     * meanwhile is dropped.
     */
    private <T> TaskHandle importMedia(Path file, TrackKind kind, String idPrefix, String what, String errorTitle,
                                       io.adamesh.ui.tasks.BackgroundTask<T> decodeWork,
                                       java.util.function.ToDoubleFunction<T> seconds,
                                       java.util.function.BiConsumer<String, T> keep,
                                       java.util.function.Predicate<Throwable> expected) {
        Path abs = file.toAbsolutePath();
        ProjectSession target = session.get();
        status.set("Importing " + abs.getFileName() + "…");
        TaskHandle h = tasks.submit("Importing " + abs.getFileName(), decodeWork, media -> {
            task.set(null);
            if (session.get() != target) return;          // the document changed meanwhile
            Project p = target.project();
            keep.accept(abs.toString(), media);
            MediaClip clip = MediaClip.whole(p.newStringId(idPrefix), abs.toString(), seconds.applyAsDouble(media),
                    snap(p, timeline.get().playheadProperty().get()));
            target.jobs().push(ClipEdits.addMediaClip(p, kind, clip));
            mediaRevision.set(mediaRevision.get() + 1);
            status.set(String.format(java.util.Locale.ROOT, "Imported %s%s (%.1f s)", what, abs.getFileName(), clip.sourceDuration()));
        }, err -> {
            task.set(null);
            status.set("Import failed: " + abs.getFileName());
            if (!(err instanceof CancellationException)) dialogs.showError(errorTitle, reason(err), expected.test(err) ? null : err);
        });
        if (!h.isDone()) task.set(h);
        return h;
    }

    private Audio decode(Path file) throws AudioDecodeException {
        DecodedAudio d = decoder.decodeAll(file);
        if (d.info().silent()) {
            throw new AudioDecodeException(file, String.format(java.util.Locale.ROOT,
                    "it is silent (peak %.0f dBFS): there is no speech to animate", d.info().peakDbfs()));
        }
        return new Audio(d.samples(), new WaveformPeaks(d.samples(), 256));
    }

    private static double snap(Project p, double t) { return p.timeOf(p.frameOf(t)); }

    /** Decodes the voice clips' media of a freshly opened document in the background. */
    private void loadMedia(ProjectSession s) {
        for (MediaClip c : s.project().voice().clips()) {
            if (c.offline() || audio.containsKey(c.path())) continue;
            Path f = Path.of(c.path());
            tasks.submit("Loading " + f.getFileName(), ctx -> decode(f), decoded -> {
                if (session.get() != s) return;
                audio.put(c.path(), decoded);
                mediaRevision.set(mediaRevision.get() + 1);
            }, err -> status.set("Could not load " + f.getFileName() + ": " + reason(err)));
        }
    }

    /** Voice clips whose media is missing. */
    public List<MediaClip> offlineClips() {
        return project().voice().clips().stream().filter(MediaClip::offline).toList();
    }

    /** Asks for a replacement file for each offline voice clip and relinks it (undoable). */
    public void relinkMissing() {
        List<MediaClip> offline = offlineClips();
        if (offline.isEmpty()) {
            dialogs.showInfo("No missing media", "Every voice clip's file is present.");
            return;
        }
        for (MediaClip c : offline) {
            Optional<Path> f = dialogs.chooseFileToOpen("Locate " + Path.of(c.path()).getFileName(), AUDIO_TYPES);
            if (f.isEmpty()) return;
            relink(c.id(), f.get());
        }
    }

    /** Points voice clip {@code clipId} at {@code file} and decodes it. */
    public void relink(String clipId, Path file) {
        Path abs = file.toAbsolutePath();
        boolean exists = Files.isRegularFile(abs);
        session.get().jobs().push(ClipEdits.relink(project(), TrackKind.VOICE, clipId, abs.toString(), !exists));
        if (exists) loadMedia(session.get());
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
