package io.adamesh.ui.tasks;

/** Work that runs off the FX thread: reports progress and checks for cancellation through its context. */
@FunctionalInterface
public interface BackgroundTask<T> {
    T call(TaskContext context) throws Exception;
}
