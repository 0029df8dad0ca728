package io.adamesh.model;

/** A pose bundle could not be loaded or run; the message names the file and what is wrong. */
public final class PoseModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public PoseModelException(String message) {
        super(message);
    }

    public PoseModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
