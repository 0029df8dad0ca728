package io.adamesh.audio;

import javax.sound.sampled.AudioInputStream;

/** Where captured audio comes from: a sound-card line, or a stream in tests and the bench. */
public interface CaptureSource {
    /**
     * Opens the source and returns a mono 16-bit (or float) PCM stream at the rate the device gave.
     *
     * @throws CaptureUnavailableException with a user-readable reason (no device, format refused)
     */
    AudioInputStream open() throws CaptureUnavailableException;

    /** Stops and releases the device; called from any thread, may be called twice. */
    void close();

    /** True for a device: the stream ending by itself then means the device went away. */
    boolean live();

    /** Name to show the user. */
    String description();

    /** Thrown when a source cannot open; {@link #state()} says which kind of problem. */
    final class CaptureUnavailableException extends Exception {
        private final CaptureStatus.State state;

        public CaptureUnavailableException(CaptureStatus.State state, String message, Throwable cause) {
            super(message, cause);
            this.state = state;
        }

        public CaptureStatus.State state() {
            return state;
        }
    }
}
