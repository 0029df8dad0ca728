package io.adamesh.track;

import java.nio.file.Path;

/** A reference video that cannot be used; the message names the file and says why. */
public final class VideoException extends Exception {
    private final Path file;

    public VideoException(Path file, String reason) {
        this(file, reason, null);
    }

    public VideoException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() { return file; }
}
