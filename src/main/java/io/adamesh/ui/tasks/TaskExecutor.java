package io.adamesh.ui.tasks;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The one way the studio runs background work (import, export, ...). The result or failure is handed
 * to exactly one of the callbacks on the UI thread; a task that was cancelled ends in
 * {@code onFailure} with a {@link CancellationException}. Tests use {@link CurrentThreadTaskExecutor}.
 */
public interface TaskExecutor {
    <T> TaskHandle submit(String title, BackgroundTask<T> task, Consumer<? super T> onSuccess,
                          Consumer<? super Throwable> onFailure);

    /** Stops accepting work and cancels what runs (at shutdown). */
    default void shutdown() {}

    /** Runs {@code task} with {@code handle} as its context and routes the outcome; used by implementations. */
    static <T> Runnable body(TaskHandle handle, BackgroundTask<T> task, Consumer<Runnable> toUi,
                             Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        return () -> {
            T result;
            try {
                handle.checkCancelled();
                result = task.call(handle);
            } catch (Throwable t) {
                handle.finish();
                toUi.accept(() -> onFailure.accept(t));
                return;
            }
            handle.finish();
            toUi.accept(() -> onSuccess.accept(result));
        };
    }
}
