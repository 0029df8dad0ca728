package io.adamesh.ui;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes exceptions nobody caught to the log and an error dialog (message in the body, trace in Details). */
final class UncaughtErrorHandler implements Thread.UncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UncaughtErrorHandler.class);
    private volatile DialogService dialogs;
    private final ThreadLocal<Boolean> inHandler = ThreadLocal.withInitial(() -> false);

    void setDialogs(DialogService dialogs) { this.dialogs = dialogs; }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        LOG.error("Uncaught exception in thread {}", t.getName(), e);
        DialogService d = dialogs;
        if (d == null || inHandler.get()) return;
        inHandler.set(true);
        try {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            d.showError("Unexpected error", msg + "\n\n(thread " + t.getName() + "; the full trace is under Details)", e);
        } catch (RuntimeException again) {
            LOG.error("Could not show the error dialog", again);
        } finally {
            inHandler.set(false);
        }
    }
}
