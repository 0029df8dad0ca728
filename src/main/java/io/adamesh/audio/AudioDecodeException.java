package io.adamesh.audio;

import java.nio.file.Path;

/** A file could not be decoded as audio; the message names the file and the reason. */
public final class AudioDecodeException extends Exception {
    private final transient Path file;
    private final String reason;

    public AudioDecodeException(Path file, String reason) {
        this(file, reason, null);
    }

    public AudioDecodeException(Path file, String reason, Throwable cause) {
        super("Cannot read audio from " + file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** The reason alone, without the file name. */
    public String reason() {
        return reason;
    }
}
