package io.adamesh.ui.tasks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Background work on a small pool of daemon threads ({@code adamesh-task-N}); each task's outcome is
 * delivered once on the FX thread. Progress is polled through {@link TaskHandle}.
 */
public final class FxTaskExecutor implements TaskExecutor {
    private final AtomicInteger n = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "adamesh-task-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> TaskHandle submit(String title, BackgroundTask<T> task, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        TaskHandle h = new TaskHandle(title);
        pool.execute(TaskExecutor.body(h, task, Platform::runLater, onSuccess, onFailure));
        return h;
    }

    @Override
    public void shutdown() { pool.shutdownNow(); }
}
