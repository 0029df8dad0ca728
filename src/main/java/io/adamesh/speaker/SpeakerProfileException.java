package io.adamesh.speaker;

/** A speaker profile that cannot be read, written or imported; the message says what and which file. */
public class SpeakerProfileException extends Exception {
    public SpeakerProfileException(String message) {
        super(message);
    }

    public SpeakerProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
