package io.adamesh.ui;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A non-blocking dialog service for unattended runs (probes): it logs instead of asking, and discards on close. */
final class LoggingDialogService implements DialogService {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingDialogService.class);

    @Override
    public void showError(String title, String message, Throwable details) {
        LOG.error("{}: {}", title, message, details);
    }

    @Override
    public void showWarning(String title, String message) {
        LOG.warn("{}: {}", title, message);
    }

    @Override
    public void showInfo(String title, String message) {
        LOG.info("{}: {}", title, message);
    }

    @Override
    public SaveChoice askSaveChanges(String documentName) { return SaveChoice.DISCARD; }
}
