package io.adamesh.adapt;

/** The run was cancelled through its {@link CancelToken}; nothing was written. */
public class AdaptationCancelledException extends Exception {
    public AdaptationCancelledException() {
        super("Adaptation cancelled; nothing was saved");
    }
}
