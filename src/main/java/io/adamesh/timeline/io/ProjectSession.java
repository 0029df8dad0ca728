package io.adamesh.timeline.io;

import io.adamesh.timeline.Project;
import io.adamesh.timeline.edit.JobManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One open document: the project, its undo stack, its file (null while untitled), and its autosave
 * file ({@code <file>.autosave} next to it, or a file in the recovery folder while untitled).
 * Autosave never touches the main file; a successful save or a deliberate close removes the autosave,
 * so an autosave left on disk that is newer than the main file means the studio did not close cleanly.
 */
public final class ProjectSession {
    public static final String AUTOSAVE_SUFFIX = ".autosave";

    private final Project project;
    private final JobManager jobs = new JobManager();
    private Path file;
    private Path untitledAutosave;
    private final List<String> notices = new ArrayList<>();
    private final List<String> missingMedia;
    private long autosavedRevision = -1;

    private ProjectSession(Project project, Path file, List<String> missingMedia) {
        this.project = project;
        this.file = file;
        this.missingMedia = List.copyOf(missingMedia);
    }

    /** A new untitled document autosaving to {@code autosave}. */
    public static ProjectSession create(Project project, Path autosave) {
        ProjectSession s = new ProjectSession(project, null, List.of());
        s.untitledAutosave = autosave;
        return s;
    }

    /** Opens {@code file} itself (callers check {@link #recoveryFor} first and offer recovery). */
    public static ProjectSession open(Path file) throws IOException {
        ProjectIO.Loaded l = ProjectIO.read(file);
        ProjectSession s = new ProjectSession(l.project(), file.toAbsolutePath(), l.missingMedia());
        if (!l.missingMedia().isEmpty()) {
            s.notices.add("Missing media (clips marked offline, relink them): " + String.join(", ", l.missingMedia()));
        }
        return s;
    }

    /** An autosave of {@code file} newer than the file: what a crash left behind. */
    public record Recovery(Path mainFile, Path autosave, FileTime autosavedAt) {}

    public static Optional<Recovery> recoveryFor(Path file) throws IOException {
        Path auto = autosavePathOf(file);
        if (!Files.isRegularFile(auto)) return Optional.empty();
        FileTime at = Files.getLastModifiedTime(auto);
        if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(at) >= 0) return Optional.empty();
        return Optional.of(new Recovery(file.toAbsolutePath(), auto, at));
    }

    /**
     * Opens the autosaved state of {@code r.mainFile()}: the document keeps the main file as its file,
     * is dirty (the recovered changes are not saved yet), and carries a notice saying so.
     */
    public static ProjectSession openRecovered(Recovery r) throws IOException {
        ProjectIO.Loaded l = ProjectIO.read(r.autosave());
        ProjectSession s = new ProjectSession(l.project(), r.mainFile(), l.missingMedia());
        s.jobs.markUnsaved();
        s.notices.add("Recovered unsaved changes from the autosave of " + r.autosavedAt()
                + ". Save to keep them; the project file itself was not changed.");
        if (!l.missingMedia().isEmpty()) {
            s.notices.add("Missing media (clips marked offline, relink them): " + String.join(", ", l.missingMedia()));
        }
        return s;
    }

    public static Path autosavePathOf(Path file) {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + AUTOSAVE_SUFFIX);
    }

    public Project project() { return project; }
    public JobManager jobs() { return jobs; }
    public Path file() { return file; }
    public List<String> notices() { return List.copyOf(notices); }
    public List<String> missingMedia() { return missingMedia; }
    public boolean isDirty() { return jobs.isDirty(); }

    public Path autosaveFile() { return file != null ? autosavePathOf(file) : untitledAutosave; }

    public void save() throws IOException {
        if (file == null) throw new IllegalStateException("untitled: use saveAs");
        ProjectIO.save(project, file);
        saved();
    }

    public void saveAs(Path target) throws IOException {
        ProjectIO.save(project, target);
        Path oldAuto = autosaveFile();
        file = target.toAbsolutePath();
        if (oldAuto != null) deleteWithSidecars(oldAuto);
        saved();
    }

    private void saved() throws IOException {
        jobs.markSaved();
        autosavedRevision = jobs.revision();
        deleteWithSidecars(autosaveFile());
    }

    /** Writes the autosave if there are changes not yet autosaved; returns whether it wrote. */
    public boolean autosaveIfNeeded() throws IOException {
        Path auto = autosaveFile();
        if (auto == null || !jobs.isDirty() || jobs.revision() == autosavedRevision) return false;
        ProjectIO.write(project, auto);
        autosavedRevision = jobs.revision();
        return true;
    }

    /** Closing on purpose (saved, or changes discarded): the autosave is not needed any more. */
    public void close() throws IOException {
        Path auto = autosaveFile();
        if (auto != null) deleteWithSidecars(auto);
    }

    private static void deleteWithSidecars(Path f) throws IOException {
        if (f == null) return;
        for (Path p : ProjectIO.sidecars(f)) Files.deleteIfExists(p);
        Files.deleteIfExists(f);
    }
}
