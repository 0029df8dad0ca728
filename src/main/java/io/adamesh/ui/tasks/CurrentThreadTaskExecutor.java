package io.adamesh.ui.tasks;

import java.util.function.Consumer;

/** Runs each task at once on the calling thread, callbacks included (tests, headless commands). */
public final class CurrentThreadTaskExecutor implements TaskExecutor {
    @Override
    public <T> TaskHandle submit(String title, BackgroundTask<T> task, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        TaskHandle h = new TaskHandle(title);
        TaskExecutor.body(h, task, Runnable::run, onSuccess, onFailure).run();
        return h;
    }
}
