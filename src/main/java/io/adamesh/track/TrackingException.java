package io.adamesh.track;

/** Tracking could not produce a usable clip (e.g. too little visible face); the message says why. */
public final class TrackingException extends Exception {
    public TrackingException(String message) {
        super(message);
    }
}
