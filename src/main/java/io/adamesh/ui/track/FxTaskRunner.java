package io.adamesh.ui.track;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.application.Platform;

/**
 * {@link TaskRunner} for the studio: work on a small pool of daemon threads, results and progress on
 * the FX thread. Progress is coalesced (at most one pending {@code runLater} per task), so a tight
 * loop reporting progress never floods the FX queue.
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final ExecutorService pool;

    public FxTaskRunner(int threads) {
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "adamesh-task-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> void submit(Work<T> work, CancelToken token, DoubleConsumer onProgress, Consumer<? super T> onSuccess,
                           Consumer<Throwable> onFailure) {
        AtomicLong latest = new AtomicLong(Double.doubleToLongBits(0));
        AtomicBoolean scheduled = new AtomicBoolean();
        pool.execute(() -> {
            T result;
            try {
                token.throwIfCancelled();
                result = work.run(p -> {
                    token.throwIfCancelled();
                    latest.set(Double.doubleToLongBits(p));
                    if (scheduled.compareAndSet(false, true)) {
                        Platform.runLater(() -> {
                            scheduled.set(false);
                            onProgress.accept(Double.longBitsToDouble(latest.get()));
                        });
                    }
                });
                token.throwIfCancelled();
            } catch (Exception | LinkageError e) {
                Platform.runLater(() -> onFailure.accept(e));
                return;
            }
            Platform.runLater(() -> onSuccess.accept(result));
        });
    }

    @Override public void close() {
        pool.shutdownNow();
    }
}
