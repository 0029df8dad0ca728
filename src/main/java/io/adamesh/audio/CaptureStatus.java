package io.adamesh.audio;

/**
 * What the capture is doing, with a sentence a user can read (never a stack trace).
 *
 * @param sourceRate the device rate in use (0 when not capturing)
 */
public record CaptureStatus(State state, String message, int sourceRate) {
    public enum State {
        STOPPED, RUNNING, NO_DEVICE, FORMAT_REFUSED, DEVICE_LOST, ENDED
    }

    public boolean isProblem() {
        return state == State.NO_DEVICE || state == State.FORMAT_REFUSED || state == State.DEVICE_LOST;
    }

    static CaptureStatus stopped() {
        return new CaptureStatus(State.STOPPED, "Microphone off", 0);
    }
}
