package io.adamesh.ui;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceModelException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the head at start-up, turning every failure into a message that names the file. */
public final class HeadLoader {
    /** The file the studio opens when {@code -Dadamesh.head} does not say otherwise. */
    public static final String DEFAULT_HEAD = "assets/openhead.npz";

    /** Either a model or a problem (never both). */
    public record Result(Path file, FaceModel model, String problem, Throwable cause) {
        public boolean ok() { return model != null; }
    }

    private HeadLoader() {}

    public static Path defaultHeadPath() {
        String chosen = System.getProperty("adamesh.head");
        Path head = chosen != null ? Path.of(chosen) : io.adamesh.cli.StudioHome.resolve(DEFAULT_HEAD);
        return head.toAbsolutePath().normalize();
    }

    public static Result load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Result(file, null, "The head file " + file + " was not found.", null);
        }
        try {
            return new Result(file, FaceModel.load(file), null, null);
        } catch (FaceModelException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Result(file, null, "The head file " + file + " could not be read: " + why, e);
        }
    }
}
