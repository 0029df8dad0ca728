package io.adamesh.ui.track;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Runs background work (video decoding, tracking) off the UI thread and reports back on it.
 * {@link FxTaskRunner} uses worker threads and {@code Platform.runLater}; {@link #sameThread()} runs
 * everything at once on the caller's thread, so view-model tests need no waiting.
 *
 * <p>Cancellation is cooperative: the work's progress callback throws {@link CancellationException}
 * once its {@link CancelToken} is cancelled, and {@code onFailure} then receives that exception.
 */
public interface TaskRunner {
    /** The work itself; {@code progress} takes 0..1 and throws CancellationException when cancelled. */
    @FunctionalInterface
    interface Work<T> {
        T run(DoubleConsumer progress) throws Exception;
    }

    /** A cancel flag shared by the requester and the work. */
    final class CancelToken {
        private volatile boolean cancelled;

        public void cancel() { cancelled = true; }
        public boolean isCancelled() { return cancelled; }

        public void throwIfCancelled() {
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
        }
    }

    /**
     * Runs {@code work}; {@code onProgress}, {@code onSuccess} and {@code onFailure} are called on the
     * UI thread (progress may be coalesced: only the newest value is guaranteed to arrive).
     */
    <T> void submit(Work<T> work, CancelToken token, DoubleConsumer onProgress, Consumer<? super T> onSuccess,
                    Consumer<Throwable> onFailure);

    /** Runs work synchronously on the calling thread (tests, command-line tools). */
    static TaskRunner sameThread() {
        return new TaskRunner() {
            @Override public <T> void submit(Work<T> work, CancelToken token, DoubleConsumer onProgress,
                                             Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    token.throwIfCancelled();
                    result = work.run(p -> {
                        token.throwIfCancelled();
                        onProgress.accept(p);
                        token.throwIfCancelled();
                    });
                    token.throwIfCancelled();
                } catch (Exception | LinkageError e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }
        };
    }
}
