package io.adamesh.ui.tasks;

import java.util.concurrent.CancellationException;

/** What a running task sees: progress reporting and the cancel request. */
public interface TaskContext {
    /** Fraction done, 0..1. */
    void progress(double fraction);

    boolean isCancelled();

    /** Throws {@link CancellationException} when the user cancelled; call between steps. */
    default void checkCancelled() {
        if (isCancelled()) throw new CancellationException("cancelled");
    }
}
