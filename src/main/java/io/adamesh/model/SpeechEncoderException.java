package io.adamesh.model;

/** An encoder could not load or run; the message says which file and what went wrong. */
public final class SpeechEncoderException extends Exception {
    public SpeechEncoderException(String message, Throwable cause) {
        super(message, cause);
    }

    public SpeechEncoderException(String message) {
        super(message);
    }
}
