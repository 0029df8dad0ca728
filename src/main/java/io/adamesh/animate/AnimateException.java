package io.adamesh.animate;

/** A user-facing failure of animation generation (bundle/face mismatch, unknown speaker, model error). */
public final class AnimateException extends Exception {
    public AnimateException(String message) {
        super(message);
    }

    public AnimateException(String message, Throwable cause) {
        super(message, cause);
    }
}
