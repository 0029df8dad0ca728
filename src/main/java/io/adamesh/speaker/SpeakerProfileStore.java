package io.adamesh.speaker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The speaker library on disk: one directory per profile (see docs/speaker-profiles.md). */
public final class SpeakerProfileStore {
    /** Extension of an exported profile. */
    public static final String EXPORT_EXTENSION = ".adamesh-speaker";
    private final Path root;
    private final List<String> warnings = new ArrayList<>();

    public SpeakerProfileStore(Path root) {
        this.root = root;
    }

    /** {@code $XDG_DATA_HOME/adamesh/speakers}, or {@code ~/.local/share/adamesh/speakers}. */
    public static Path defaultRoot() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("adamesh").resolve("speakers");
    }

    public Path root() {
        return root;
    }

    public List<SpeakerProfile> list() {
        throw new UnsupportedOperationException("not yet");
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public SpeakerProfile load(String id) throws SpeakerProfileException {
        throw new UnsupportedOperationException("not yet");
    }

    public Optional<Path> thumbnail(String id) {
        throw new UnsupportedOperationException("not yet");
    }

    public void save(SpeakerProfile p, byte[] thumbnailPng) throws SpeakerProfileException {
        throw new UnsupportedOperationException("not yet");
    }

    public SpeakerProfile rename(String id, String newName) throws SpeakerProfileException {
        throw new UnsupportedOperationException("not yet");
    }

    public void delete(String id) throws SpeakerProfileException {
        throw new UnsupportedOperationException("not yet");
    }

    public void exportTo(String id, Path file) throws SpeakerProfileException {
        throw new UnsupportedOperationException("not yet");
    }

    public SpeakerProfile importFrom(Path file) throws SpeakerProfileException {
        throw new UnsupportedOperationException("not yet");
    }
}
