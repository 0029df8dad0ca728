package io.adamesh.adapt;

/** Adaptation refused or failed; the message is for the user (what is wrong and what to do). */
public class AdaptException extends Exception {
    public AdaptException(String message) {
        super(message);
    }

    public AdaptException(String message, Throwable cause) {
        super(message, cause);
    }
}
